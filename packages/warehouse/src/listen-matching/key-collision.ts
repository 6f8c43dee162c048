import { InvalidRecordError } from '../errors.ts';
/**
 * Plays whose key a different play already holds: loading them would lose one of the two, so the
 * batch is refused (the sink writes its plays apart and dead-letters the one that collides).
 */
export function collisionError(
  plays: readonly { account_id: string; track_id: string; played_at: Date }[],
  collided: number,
  first: string | null,
): InvalidRecordError {
  const [account = '?', track = '?', ms = 'NaN'] = (first ?? '').split(' ');
  const index = plays.findIndex(
    (p) => p.account_id === account && p.track_id === track && p.played_at.getTime() === Number(ms),
  );
  const at = Number.isFinite(Number(ms)) ? new Date(Number(ms)).toISOString() : ms;
  return new InvalidRecordError(
    'play',
    Math.max(index, 0),
    'played_at',
    `${at} of account ${account} (track ${track}) is already the key of a different play in fact_play` +
      `${collided > 1 ? ` (and ${collided - 1} more plays of this batch)` : ''}: one row per key, so this play cannot be loaded`,
  );
}
