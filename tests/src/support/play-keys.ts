import { codecs } from '@spotify-pipeline/avro';

/**
 * A play's identity as the tests compare it across the simulator, the topics and the warehouse:
 * `account@played_at ms` (the warehouse's key, to the millisecond).
 */
export function playKey(accountId: string, playedAtMs: number | string): string {
  return `${accountId}@${playedAtMs}`;
}

/** The key of a RawPlay on the raw topic. */
export function rawPlayKey(value: Buffer): string {
  const play = codecs.rawPlay.decode(value);
  return playKey(play.account.id, play.played_at.getTime());
}

/** The key of a PlayFact on the fact topic. */
export function playFactKey(value: Buffer): string {
  const fact = codecs.playFact.decode(value);
  return playKey(fact.account_id, fact.played_at.getTime());
}
