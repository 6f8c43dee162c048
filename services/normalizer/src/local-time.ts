import { isKnownTimeZone, keysOfWallClock, type LocalTimeKeys, wallClockAsUtc } from '@spotify-pipeline/avro';

export { isKnownTimeZone, type LocalTimeKeys };

const HOUR_MS = 3_600_000;
/** Hours remembered per zone before its memo starts again (a memo entry is a few dozen bytes). */
const MAX_HOURS_PER_ZONE = 100_000;
/** Per zone, per UTC hour since the epoch: the zone's offset throughout that hour, or null when it changes within it. */
const hourOffsets = new Map<string, Map<number, number | null>>();

/**
 * The local date and time of `instant` in `timeZone`. The zone's rules (DST, half-hour and
 * 45-minute offsets, Lord Howe's 30-minute DST) come from ICU, so nothing here does offset sums
 * beyond adding the offset ICU gave for the instant's hour.
 *
 * Why the per-hour memo: formatting every play with ICU was the normalizer's largest single cost.
 * An hour whose start and end have the same offset has that offset throughout (zones change offset
 * at most once in an hour), so its plays are keyed with one addition; an hour that holds a change
 * is formatted play by play, as before.
 * Throws a RangeError for a zone Intl does not know; check with isKnownTimeZone first.
 */
export function localTimeKeys(instant: Date, timeZone: string): LocalTimeKeys {
  const t = instant.getTime();
  const offset = offsetThroughoutHour(Math.floor(t / HOUR_MS), timeZone);
  if (offset === null) return keysOfWallClock(wallClockAsUtc(instant, timeZone));
  return keysOfWallClock(t + offset);
}

function offsetThroughoutHour(hour: number, timeZone: string): number | null {
  let hours = hourOffsets.get(timeZone);
  if (hours === undefined) {
    wallClockAsUtc(new Date(0), timeZone); // throws for an unknown zone before anything is remembered
    hours = new Map();
    hourOffsets.set(timeZone, hours);
  }
  let offset = hours.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR_MS;
    const last = start + HOUR_MS - 1_000;
    const atStart = wallClockAsUtc(new Date(start), timeZone) - start;
    offset = wallClockAsUtc(new Date(last), timeZone) - last === atStart ? atStart : null;
    if (hours.size >= MAX_HOURS_PER_ZONE) hours.clear();
    hours.set(hour, offset);
  }
  return offset;
}
