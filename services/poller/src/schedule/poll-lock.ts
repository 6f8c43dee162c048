import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis-keys.ts';

// Deletes the lock only if it still holds our token: a lock that expired and was taken by another
// instance must not be released by us.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * One poll of an account at a time across every poller instance: SET NX PX with a random token,
 * released by compare-and-delete. The expiry bounds how long a crashed holder blocks the account.
 */
export class PollLock {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;
  readonly #ttlMs: number;

  constructor(redis: Redis, keys: RedisKeys, ttlMs: number) {
    if (!(ttlMs > 0)) throw new RangeError(`PollLock ttlMs must be > 0, got ${ttlMs}`);
    this.#redis = redis;
    this.#keys = keys;
    this.#ttlMs = ttlMs;
  }

  /** The token to release with, or undefined when another holder has it. */
  async acquire(accountId: string): Promise<string | undefined> {
    const token = randomUUID();
    const ok = await this.#redis.set(this.#keys.lock(accountId), token, 'PX', this.#ttlMs, 'NX');
    return ok === 'OK' ? token : undefined;
  }

  async release(accountId: string, token: string): Promise<boolean> {
    return (await this.#redis.eval(RELEASE, 1, this.#keys.lock(accountId), token)) === 1;
  }
}
