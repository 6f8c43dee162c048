/** A recently-played request the simulator answered: which account, when (real unix ms). */
export interface PollAt {
  readonly accountId: string;
  readonly atMs: number;
}

/**
 * Per account, the longest time it went unpolled within [fromMs, toMs] (real ms): between two of
 * its polls, or from its last poll to `toMs`. Its last poll before the window (`lastBefore`, or
 * `sinceMs` when it had none) starts the first gap, so an account last polled long before the
 * window is not let off.
 */
export function longestGaps(
  polls: readonly PollAt[],
  accountIds: readonly string[],
  window: {
    readonly sinceMs: number;
    readonly lastBefore: ReadonlyMap<string, number>;
    readonly fromMs: number;
    readonly toMs: number;
  },
): Map<string, number> {
  const times = new Map<string, number[]>(accountIds.map((id) => [id, []]));
  for (const p of polls)
    if (p.atMs > window.fromMs && p.atMs <= window.toMs) times.get(p.accountId)?.push(p.atMs);
  const gaps = new Map<string, number>();
  for (const [id, list] of times) {
    list.sort((a, b) => a - b);
    let previous = window.lastBefore.get(id) ?? window.sinceMs;
    let longest = 0;
    for (const at of list) {
      longest = Math.max(longest, at - previous);
      previous = at;
    }
    gaps.set(id, Math.max(longest, window.toMs - previous));
  }
  return gaps;
}

/** Each account's latest poll in `polls` (up to `untilMs`). */
export function lastPolls(polls: readonly PollAt[], untilMs = Number.POSITIVE_INFINITY): Map<string, number> {
  const last = new Map<string, number>();
  for (const p of polls)
    if (p.atMs <= untilMs && p.atMs > (last.get(p.accountId) ?? Number.NEGATIVE_INFINITY))
      last.set(p.accountId, p.atMs);
  return last;
}

/** A play the simulator says recently-played listed (heard >= 30 s, not pushed out before it synced). */
export interface VisiblePlay {
  readonly playedAtMs: number;
  readonly syncedAtMs: number;
}

export interface MissReport {
  /** Plays that should have been published and were not. */
  readonly missed: number;
  /** Plays published that the truth does not show in the run's span (a bug, or a duplicate). */
  readonly unexpected: number;
  readonly duplicates: number;
  readonly expected: number;
}

/**
 * One account's published plays against the truth: every visible play that synced after the seed
 * and before the account's last poll must be on the raw topic exactly once. (A play that synced
 * before a poll was in that poll's window, or had been pushed out of it: missed either way.)
 */
export function auditPlays(
  truth: readonly VisiblePlay[],
  published: readonly number[],
  span: { readonly seededAtMs: number; readonly lastPollMs: number },
): MissReport {
  const expected = new Set(
    truth
      .filter((p) => p.syncedAtMs > span.seededAtMs && p.syncedAtMs <= span.lastPollMs)
      .map((p) => p.playedAtMs),
  );
  // Synced after the seed at all: published early is fine, but not out of nowhere.
  const possible = new Set(truth.filter((p) => p.syncedAtMs > span.seededAtMs).map((p) => p.playedAtMs));
  const seen = new Set<number>();
  let duplicates = 0;
  let unexpected = 0;
  for (const at of published) {
    if (seen.has(at)) duplicates += 1;
    else if (!possible.has(at)) unexpected += 1;
    seen.add(at);
  }
  let missed = 0;
  for (const at of expected) if (!seen.has(at)) missed += 1;
  return { missed, unexpected, duplicates, expected: expected.size };
}
