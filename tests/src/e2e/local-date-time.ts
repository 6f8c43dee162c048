/** Local calendar date and wall-clock minute of an instant in an IANA zone, as v_plays shows them. */
export interface LocalDateTime {
  /** `YYYY-MM-DD` */
  readonly date: string;
  /** `HH:MM`, 24-hour */
  readonly time: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    // Throws a RangeError naming the zone when ICU does not know it.
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/**
 * Computed here with ICU's formatter, independently of the normalizer's arithmetic, so that the
 * end-to-end test checks the pipeline's local time against a second implementation.
 */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  const parts = Object.fromEntries(
    formatFor(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}
