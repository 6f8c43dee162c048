/**
 * Below this, a number cannot be milliseconds since 1970 of a play (it would be before 1973) but
 * is a plausible seconds value (until the year 5138): older exports wrote seconds.
 */
const SECONDS_BELOW = 100_000_000_000;

/**
 * The export's `offline_timestamp` (when an offline play happened, by the device's clock) as a
 * Date. Spotify writes 0 when it has none and seconds instead of milliseconds in some exports;
 * both are normalised here. Anything else unusable is null: it is one optional detail of a play,
 * not a reason to drop the play.
 */
export function normaliseOfflineTimestamp(value: unknown): Date | null {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return null;
  const ms = n < SECONDS_BELOW ? n * 1000 : n;
  const date = new Date(Math.round(ms));
  return Number.isNaN(date.getTime()) ? null : date;
}
