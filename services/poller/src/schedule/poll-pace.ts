import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis-keys.ts';

/**
 * Keeps one account's polls at least half its interval apart. After a queue-wide 429 pause the
 * queue holds, for one account, the rate-limited job (back in wait, attempts not spent) and the
 * scheduler's runs that fell due meanwhile; without this they all go out within milliseconds of the
 * pause's end (seen: 3-4 requests for one account in 8-100 ms), which is the very burst Spotify's
 * limit punishes. Retries of a failed poll (5xx, network) are BullMQ's backoff and are not held.
 *
 * The start times are in Redis (hash `pollStarted`), shared by every instance; the caller holds the
 * account's poll lock, so check-then-set needs no more.
 */
export class PollPace {
  readonly #redis: Redis;
  readonly #key: string;

  constructor(redis: Redis, keys: RedisKeys) {
    this.#redis = redis;
    this.#key = keys.pollStarted;
  }

  /** True if a poll of the account started less than `minGapMs` ago; otherwise records this start. */
  async tooSoon(accountId: string, minGapMs: number, now = Date.now()): Promise<boolean> {
    const last = Number(await this.#redis.hget(this.#key, accountId));
    if (Number.isFinite(last) && last > 0 && now - last < minGapMs) return true;
    await this.#redis.hset(this.#key, accountId, String(now));
    return false;
  }

  async forget(accountId: string): Promise<void> {
    await this.#redis.hdel(this.#key, accountId);
  }
}
