import type { ExpectedPlay } from './ten-year-listening.ts';

/** One fact_play row of the account, as the check reads it. */
export interface FactRow {
  readonly playedAtMs: number;
  readonly trackId: string;
  readonly source: string;
  readonly msPlayed: number | null;
  readonly historyPlayedAtMs: number | null;
}

export interface TruthCheckResult {
  readonly ok: boolean;
  readonly expected: number;
  readonly rows: number;
  /** True plays found as exactly one row, at the right played_at, with the right fields. */
  readonly matched: number;
  readonly polledKept: number;
  readonly missing: number;
  /** Rows that are no true play (a second copy of a listen, or a play that never happened). */
  readonly extra: number;
  /** True plays with more rows of their track within the listen-match window than true plays there. */
  readonly duplicateListens: number;
  readonly wrongFields: number;
  /** The first few problems, each naming the play. */
  readonly problems: readonly string[];
}

const MAX_PROBLEMS = 10;
/** The warehouse's default LISTEN_MATCH_TOLERANCE_MS: a polled and an imported copy closer than this are one listen. */
export const LISTEN_MATCH_TOLERANCE_MS = 90_000;

/**
 * Compares the account's facts with the plays that must be there, one to one: a polled play keeps
 * its exact (ms) played_at and `source = 'api'`; an imported-only play is in the export's second
 * (plus its slot, the importer's listen identity); both carry the export's ms_played and
 * history_played_at (in the second of the true end). Then, as
 * the warehouse's own listen matching sees it, no true play may have more rows of its track within
 * `toleranceMs` than there are true plays of that track there: a second copy of a listen fails.
 */
export function checkAgainstTruth(
  expected: readonly ExpectedPlay[],
  rows: readonly FactRow[],
  toleranceMs: number,
): TruthCheckResult {
  const problems: string[] = [];
  const problem = (text: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
  };
  const used = new Set<number>();
  const byTime = new Map<number, FactRow>();
  const bySecond = new Map<number, FactRow[]>();
  for (const row of rows) {
    if (byTime.has(row.playedAtMs)) problem(`two rows at ${iso(row.playedAtMs)} (the key is not unique?)`);
    byTime.set(row.playedAtMs, row);
    const second = Math.floor(row.playedAtMs / 1000) * 1000;
    bySecond.set(second, [...(bySecond.get(second) ?? []), row]);
  }
  // An imported-only listen is keyed at its export second plus a slot in [0, 1000) ms.
  const importedAt = (second: number, trackId: string): number => {
    const candidates = (bySecond.get(second) ?? []).filter((r) => !used.has(r.playedAtMs));
    return (candidates.find((r) => r.trackId === trackId) ?? candidates[0])?.playedAtMs ?? second;
  };
  let matched = 0;
  let missing = 0;
  let wrongFields = 0;
  let polledKept = 0;
  for (const play of expected) {
    const second = Math.floor(play.playedAtMs / 1000) * 1000;
    const at = play.polled ? play.playedAtMs : importedAt(second, play.trackId);
    const row = byTime.get(at);
    if (!row || used.has(at)) {
      missing++;
      problem(`no row at ${iso(at)} for the ${play.polled ? 'polled' : 'imported'} play of ${play.trackId}`);
      continue;
    }
    used.add(at);
    const wrong: string[] = [];
    if (row.trackId !== play.trackId) wrong.push(`track ${row.trackId}, not ${play.trackId}`);
    const source = play.polled ? 'api' : 'history_import';
    if (row.source !== source) wrong.push(`source ${row.source}, not ${source}`);
    if (row.msPlayed !== play.msPlayed) wrong.push(`ms_played ${row.msPlayed}, not ${play.msPlayed}`);
    if (row.historyPlayedAtMs === null || Math.floor(row.historyPlayedAtMs / 1000) * 1000 !== second)
      wrong.push(`history_played_at ${row.historyPlayedAtMs === null ? 'null' : iso(row.historyPlayedAtMs)}`);
    if (wrong.length > 0) {
      wrongFields++;
      problem(`the row at ${iso(at)}: ${wrong.join(', ')}`);
      continue;
    }
    matched++;
    if (play.polled) polledKept++;
  }
  const extra = rows.length - used.size;
  if (extra > 0) {
    const stray = rows.find((r) => !used.has(r.playedAtMs));
    if (stray) problem(`${extra} rows are no true play, e.g. ${stray.trackId} at ${iso(stray.playedAtMs)}`);
  }
  const duplicateListens = countDuplicateListens(expected, rows, toleranceMs, problem);
  return {
    ok: problems.length === 0 && matched === expected.length && rows.length === expected.length,
    expected: expected.length,
    rows: rows.length,
    matched,
    polledKept,
    missing,
    extra,
    duplicateListens,
    wrongFields,
    problems,
  };
}

function countDuplicateListens(
  expected: readonly ExpectedPlay[],
  rows: readonly FactRow[],
  toleranceMs: number,
  problem: (text: string) => void,
): number {
  const rowTimes = sortedTimesByTrack(rows.map((r) => [r.trackId, r.playedAtMs]));
  const trueTimes = sortedTimesByTrack(expected.map((p) => [p.trackId, p.playedAtMs]));
  let duplicates = 0;
  for (const play of expected) {
    const from = play.playedAtMs - toleranceMs;
    const to = play.playedAtMs + toleranceMs;
    const copies = countBetween(rowTimes.get(play.trackId) ?? [], from, to);
    // An imported row sits in its true play's second, at the slot of its listen identity: up to
    // a second before or after the true time. Count the true plays a second wider on both sides.
    const listens = countBetween(trueTimes.get(play.trackId) ?? [], from - 1000, to + 1000);
    if (copies > listens) {
      duplicates++;
      problem(
        `${copies} rows of ${play.trackId} within ${toleranceMs} ms of its ${listens} true play(s) at ${iso(play.playedAtMs)}`,
      );
    }
  }
  return duplicates;
}

function sortedTimesByTrack(pairs: readonly (readonly [string, number])[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [track, ms] of pairs) {
    const list = out.get(track);
    if (list) list.push(ms);
    else out.set(track, [ms]);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

/** How many of the sorted `times` are in [from, to]. */
function countBetween(times: readonly number[], from: number, to: number): number {
  return firstAbove(times, to) - firstAtOrAbove(times, from);
}

function firstAtOrAbove(times: readonly number[], ms: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (times[mid]! < ms) low = mid + 1;
    else high = mid;
  }
  return low;
}

function firstAbove(times: readonly number[], ms: number): number {
  return firstAtOrAbove(times, ms + 1);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
