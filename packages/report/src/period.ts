/**
 * The stretch of local calendar days a report covers: [from, to) as `YYYY-MM-DD`, in the
 * listener's own time zone (the warehouse's local_date). All time is dim_date's whole range.
 */
export interface Period {
  readonly kind: 'year' | 'month' | 'range' | 'all';
  readonly from: string;
  readonly to: string;
  /** For people: "2025", "March 2025", "2025-03-04 to 2025-04-01", "All time". */
  readonly label: string;
}

/** dim_date holds 2000-01-01..2050-12-31 (sql/*\/002_calendar.sql): no play lies outside. */
export const ALL_TIME: Period = { kind: 'all', from: '2000-01-01', to: '2051-01-01', label: 'All time' };

export class PeriodError extends Error {
  override name = 'PeriodError';
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A real calendar day as UTC midnight, or a PeriodError naming the option. */
function parseDay(text: string, option: string): Date {
  const match = DATE.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || Number.isNaN(date.getTime()) || isoDay(date) !== text)
    throw new PeriodError(`${option} must be a date YYYY-MM-DD, got ${JSON.stringify(text)}`);
  return date;
}

function checkYear(year: number, option: string, text: string): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2050)
    throw new PeriodError(`${option} must be a year from 2000 to 2050, got ${JSON.stringify(text)}`);
}

export function yearPeriod(text: string): Period {
  const year = Number(text);
  checkYear(year, '--year', text);
  return { kind: 'year', from: `${year}-01-01`, to: `${year + 1}-01-01`, label: String(year) };
}

export function monthPeriod(text: string): Period {
  const match = MONTH.exec(text);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12)
    throw new PeriodError(`--month must be YYYY-MM, got ${JSON.stringify(text)}`);
  checkYear(year, '--month', text);
  const from = new Date(Date.UTC(year, month - 1, 1));
  const to = new Date(Date.UTC(year, month, 1));
  const label = from.toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return { kind: 'month', from: isoDay(from), to: isoDay(to), label };
}

/** --from D --to D, both days included. */
export function rangePeriod(fromText: string, toText: string): Period {
  const from = parseDay(fromText, '--from');
  const last = parseDay(toText, '--to');
  if (last < from) throw new PeriodError(`--to ${toText} is before --from ${fromText}`);
  const to = new Date(last.getTime() + 86_400_000);
  return { kind: 'range', from: fromText, to: isoDay(to), label: `${fromText} to ${toText}` };
}

/** The period named by the report's options (CLI flags or the live page's query string). */
export function periodOf(options: { year?: string; month?: string; from?: string; to?: string }): Period {
  const given = [options.year, options.month, options.from ?? options.to].filter((v) => v !== undefined);
  if (given.length > 1) throw new PeriodError('give one of --year, --month, or --from with --to');
  if (options.year !== undefined) return yearPeriod(options.year);
  if (options.month !== undefined) return monthPeriod(options.month);
  if (options.from !== undefined || options.to !== undefined) {
    if (options.from === undefined || options.to === undefined)
      throw new PeriodError('--from and --to go together');
    return rangePeriod(options.from, options.to);
  }
  return ALL_TIME;
}
