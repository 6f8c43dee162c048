import type { Redis } from 'ioredis';
import type { TokenCipher } from '../crypto/token-cipher.ts';
import type { RedisKeys } from '../redis-keys.ts';

/** Refresh this long before Spotify's expiry, so a token never expires in the middle of a poll. */
export const EXPIRY_MARGIN_MS = 60_000;

export interface CachedAccessToken {
  readonly accessToken: string;
  readonly expiresAt: number;
}

/**
 * Access tokens shared by every poller instance through Redis until shortly before they expire,
 * sealed like refresh tokens (an access token is a bearer credential for an hour).
 */
export class AccessTokenCache {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;
  readonly #cipher: TokenCipher;

  constructor(redis: Redis, keys: RedisKeys, cipher: TokenCipher) {
    this.#redis = redis;
    this.#keys = keys;
    this.#cipher = cipher;
  }

  async get(accountId: string, now = Date.now()): Promise<CachedAccessToken | undefined> {
    const sealed = await this.#redis.get(this.#keys.accessToken(accountId));
    if (!sealed) return undefined;
    try {
      const token = JSON.parse(this.#cipher.open(sealed)) as CachedAccessToken;
      return token.expiresAt - EXPIRY_MARGIN_MS > now ? token : undefined;
    } catch {
      // Sealed with another key or corrupt: it is only a cache, refresh instead.
      return undefined;
    }
  }

  async set(
    accountId: string,
    accessToken: string,
    expiresInSeconds: number,
    now = Date.now(),
  ): Promise<CachedAccessToken> {
    const token = { accessToken, expiresAt: now + expiresInSeconds * 1000 };
    const ttl = expiresInSeconds * 1000 - EXPIRY_MARGIN_MS;
    if (ttl > 0) {
      await this.#redis.set(
        this.#keys.accessToken(accountId),
        this.#cipher.seal(JSON.stringify(token)),
        'PX',
        ttl,
      );
    }
    return token;
  }

  async drop(accountId: string): Promise<void> {
    await this.#redis.del(this.#keys.accessToken(accountId));
  }
}
