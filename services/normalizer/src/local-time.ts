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
  if (offset === null) return keysOf(wallClockAsUtc(instant, timeZone));
  return keysOf(t + offset);
}

function offsetThroughoutHour(hour: number, timeZone: string): number | null {
  let hours = hourOffsets.get(timeZone);
  if (hours === undefined) {
    formatterFor(timeZone); // throws for an unknown zone before anything is remembered
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

/** The zone's wall clock at `instant`, to the second, read as if it were a UTC time. */
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

function keysOf(wallClock: number): LocalTimeKeys {
  const local = new Date(wallClock);
  return {
    dateKey: local.getUTCFullYear() * 10_000 + (local.getUTCMonth() + 1) * 100 + local.getUTCDate(),
    timeKey: local.getUTCHours() * 100 + local.getUTCMinutes(),
  };
}
