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

/**
 * The local date and time of `instant` in `timeZone`. The zone's rules (DST, half-hour and
 * 45-minute offsets, Lord Howe's 30-minute DST) come from ICU, so nothing here does offset sums.
 * Throws a RangeError for a zone Intl does not know; check with isKnownTimeZone first.
 */
export function localTimeKeys(instant: Date, timeZone: string): LocalTimeKeys {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const field = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((p) => p.type === type);
    if (part === undefined)
      throw new RangeError(`no ${type} in the local time of ${instant.toISOString()} in ${timeZone}`);
    return Number(part.value);
  };
  return {
    dateKey: field('year') * 10_000 + field('month') * 100 + field('day'),
    timeKey: field('hour') * 100 + field('minute'),
  };
}
