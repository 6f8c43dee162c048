import type { Redis } from 'ioredis';

/** Refresh this long before Spotify's expiry, so a token never expires in the middle of a poll. */
export const EXPIRY_MARGIN_MS = 60_000;

/** Seals a token before it goes to Redis and opens it again; `open` throws on a wrong key or tampering. */
export interface TokenSealer {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/** The Redis key of one subject's token (an account id, or the app itself). */
export type TokenKeyOf = (subject: string) => string;

export interface CachedAccessToken {
  readonly accessToken: string;
  readonly expiresAt: number;
}

/**
 * Access tokens shared by every instance through Redis until shortly before they expire, sealed
 * (an access token is a bearer credential for an hour).
 */
export class AccessTokenCache {
  readonly #redis: Redis;
  readonly #keyOf: TokenKeyOf;
  readonly #cipher: TokenSealer;

  constructor(redis: Redis, keyOf: TokenKeyOf, cipher: TokenSealer) {
    this.#redis = redis;
    this.#keyOf = keyOf;
    this.#cipher = cipher;
  }

  async get(accountId: string, now = Date.now()): Promise<CachedAccessToken | undefined> {
    const sealed = await this.#redis.get(this.#keyOf(accountId));
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
      await this.#redis.set(this.#keyOf(accountId), this.#cipher.seal(JSON.stringify(token)), 'PX', ttl);
    }
    return token;
  }

  async drop(accountId: string): Promise<void> {
    await this.#redis.del(this.#keyOf(accountId));
  }
}
