/**
 * The local date and time keys of the warehouse (dim_date, dim_time; PlayFact's local_date_key and
 * local_time_key): an instant on the wall clock of its account's IANA time zone, by ICU's rules
 * (Intl). An agreement between the normalizer, which keys each play, and the warehouse, which
 * re-keys an account's facts when its zone changes: both take the wall clock from here.
 */
/** The keys of an instant on the wall clock of one time zone, as the warehouse's dim_date/dim_time use them. */
export interface LocalTimeKeys {
  /** yyyymmdd, e.g. 20240331. */
  readonly dateKey: number;
  /** hh*100+mm on a 24-hour clock, e.g. 1405; 0 is midnight. */
  readonly timeKey: number;
}

// Building a DateTimeFormat loads zone data and costs far more than formatting with it; a deployment
// sees a handful of zones, and an invalid zone is never cached (the constructor throws), so the map
// is bounded by the IANA list.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      // h23, not hour12:false: the latter renders midnight as "24" in some ICU versions.
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when Intl knows the zone (IANA names, case-insensitively, and UTC offsets such as +05:30). */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export /** The zone's wall clock at `instant`, to the second, read as if it were a UTC time. */
function wallClockAsUtc(instant: Date, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const field = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((p) => p.type === type);
    if (part === undefined)
      throw new RangeError(`no ${type} in the local time of ${instant.toISOString()} in ${timeZone}`);
    return Number(part.value);
  };
  const utc = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  // The formatter drops milliseconds; keep the instant's own, so the sum lands in the right minute.
  return utc + (instant.getTime() - Math.floor(instant.getTime() / 1_000) * 1_000);
}

/** The keys of a wall-clock time read as UTC (see wallClockAsUtc). */
export function keysOfWallClock(wallClock: number): LocalTimeKeys {
  const local = new Date(wallClock);
  return {
    dateKey: local.getUTCFullYear() * 10_000 + (local.getUTCMonth() + 1) * 100 + local.getUTCDate(),
    timeKey: local.getUTCHours() * 100 + local.getUTCMinutes(),
  };
}
