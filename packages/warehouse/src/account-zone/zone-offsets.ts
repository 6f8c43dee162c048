import { isKnownTimeZone, keysOfWallClock, wallClockAsUtc } from '@spotify-pipeline/avro';

/**
 * A time zone's UTC offset over a stretch of time, as spans of constant offset. The warehouse
 * re-derives the local date and time keys of an account's facts from these spans in SQL, in both
 * dialects alike: SQL Server's AT TIME ZONE knows Windows zone names only, and PostgreSQL's tz
 * database may differ from the ICU rules the normalizer keyed the facts with. So the rules come from
 * one place, ICU (Intl) through the contracts' wall clock (local-time.ts), as the normalizer's keys,
 * and SQL only adds an offset.
 */
export interface OffsetSpan {
  /** First instant of the span, ms since 1970 (inclusive). */
  readonly fromMs: number;
  /** End of the span, ms since 1970 (exclusive). */
  readonly toMs: number;
  /** Local wall clock minus UTC throughout the span, in whole seconds. */
  readonly offsetS: number;
}

const DAY_MS = 86_400_000;

/** Whether Intl knows the zone (an IANA name or an alias of one). */
export const isKnownZone = isKnownTimeZone;

/** The zone's offset at `ms`, in seconds (its wall clock, as the normalizer reads it, minus UTC). */
export function offsetAt(timeZone: string, ms: number): number {
  return Math.round((wallClockAsUtc(new Date(ms), timeZone) - ms) / 1000);
}

/**
 * The spans of constant offset covering [fromMs, toMs] (toMs included). Sampled a day apart, each
 * change found to the second by bisection: a zone changes its offset at most once within a day (no
 * zone has done otherwise). Throws a RangeError for a zone Intl does not know.
 */
export function zoneOffsetSpans(timeZone: string, fromMs: number, toMs: number): OffsetSpan[] {
  if (!(toMs >= fromMs)) throw new RangeError(`zoneOffsetSpans: ${toMs} is before ${fromMs}`);
  const spans: OffsetSpan[] = [];
  let spanFrom = fromMs;
  let offset = offsetAt(timeZone, fromMs);
  let at = fromMs;
  while (at < toMs) {
    const next = Math.min(at + DAY_MS, toMs);
    const nextOffset = offsetAt(timeZone, next);
    if (nextOffset !== offset) {
      // The first second (after `at`) with the new offset.
      let lo = Math.floor(at / 1000);
      let hi = Math.floor(next / 1000);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(timeZone, mid * 1000) === offset) lo = mid;
        else hi = mid;
      }
      const change = Math.max(hi * 1000, spanFrom + 1);
      spans.push({ fromMs: spanFrom, toMs: change, offsetS: offset });
      spanFrom = change;
      offset = offsetAt(timeZone, change);
    }
    at = next;
  }
  spans.push({ fromMs: spanFrom, toMs: toMs + 1, offsetS: offset });
  return spans;
}

/** The local date (yyyymmdd) and time (hh*100+mm) keys of `ms` at `offsetS`, as SQL computes them. */
export function keysAtOffset(ms: number, offsetS: number): { dateKey: number; timeKey: number } {
  return keysOfWallClock(ms + offsetS * 1000);
}
