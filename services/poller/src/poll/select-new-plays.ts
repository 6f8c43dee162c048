import { MAX_PUBLISHED, type PollCursor } from './cursor.ts';

export interface Selection<T> {
  /** Plays to publish, oldest first (the order they happened). */
  readonly fresh: readonly T[];
  /** The cursor to store once `fresh` is acknowledged by Kafka. */
  readonly next: PollCursor;
}

/**
 * Which plays of a recently-played response have not been published yet.
 *
 * The rule: a play is new iff its played_at is not in `cursor.published`.
 *
 * Why a watermark alone is wrong: a play made offline is shown only when the device syncs, with its
 * original, older played_at, behind plays already published. So the cursor remembers every
 * published played_at inside the window instead.
 *
 * Why the remembered set can be bounded by the window's floor (the oldest played_at of this
 * response): recently-played serves the 50 newest visible plays, and plays only ever become
 * visible. A published play below this floor was pushed out of a full window and can never be
 * shown again: it is safe to forget. Pruning to the floor keeps the set at about 50 entries. The
 * floor is this response's, not the higher of it and the last one: while the window is not full
 * (fewer than 50 plays), a late offline sync can show a play older than every play shown before,
 * and that play must be remembered like any other or every later poll publishes it again.
 *
 * The limit: a play that is pushed below the floor before any poll sees it is lost to this poller
 * (it is in the Spotify data export, see history import). That happens only if more than 50 plays
 * become visible between two polls: either 50 × 30 s of listening (which the idle interval bound
 * prevents) or an offline sync of a session older than the current window's 50th play. Two plays
 * with the same played_at to the millisecond count as one (the warehouse keys plays so too).
 */
export function selectNewPlays<T>(
  cursor: PollCursor,
  items: readonly T[],
  playedAtOf: (item: T) => number,
  now: number,
): Selection<T> {
  if (items.length === 0) return { fresh: [], next: cursor };
  const known = new Set(cursor.published);
  const seen = new Set<number>();
  const fresh: T[] = [];
  let floor = Number.POSITIVE_INFINITY;
  for (const item of items) {
    const playedAt = playedAtOf(item);
    if (!Number.isFinite(playedAt))
      throw new TypeError(`play has an invalid played_at (${String(playedAt)})`);
    floor = Math.min(floor, playedAt);
    if (known.has(playedAt) || seen.has(playedAt)) continue;
    seen.add(playedAt);
    fresh.push(item);
  }
  fresh.sort((a, b) => playedAtOf(a) - playedAtOf(b));
  if (fresh.length === 0 && floor === cursor.floor) return { fresh, next: cursor };
  const published = [...new Set([...cursor.published, ...seen])]
    .filter((t) => t >= floor)
    .sort((a, b) => b - a)
    .slice(0, MAX_PUBLISHED);
  const newest = fresh.length > 0 ? playedAtOf(fresh[fresh.length - 1]!) : null;
  return {
    fresh,
    next: {
      version: 1,
      accountId: cursor.accountId,
      seq: cursor.seq + 1,
      watermark: newest === null ? cursor.watermark : Math.max(newest, cursor.watermark ?? newest),
      floor,
      published,
      updatedAt: now,
    },
  };
}
