import type { MessyShapesOptions } from './messy-shapes.ts';
import { SeededRandom } from './random.ts';
import { errorBody } from './shapes.ts';
import { jsonResponse, type SimResponse } from './sim-response.ts';

export interface RateLimitOptions {
  retryAfterSeconds: number;
  /** Real milliseconds the limit lasts; without it, until cleared. */
  forMs?: number;
  /** Share of the 429s sent with an empty body, as Spotify sometimes does (0 by default). */
  emptyBodyShare?: number;
}

export interface SpotifySimFaults {
  rateLimit(opts: RateLimitOptions): void;
  rateLimitWindow(opts: { maxRequestsPer30s: number; emptyBodyShare?: number }): void;
  serverErrors(opts: { status: 500 | 502 | 503; count: number }): void;
  slow(opts: { delayMs: number; count: number }): void;
  expireAccessTokens(): void;
  revoke(accountId: string): void;
  /** Recently-played items as real traffic has them (see messy-shapes.ts); `undefined` turns it off. */
  messyShapes(opts: MessyShapesOptions | undefined): void;
  /** Serves `body` verbatim as the account's recently-played response; `undefined` stops it. */
  serveRecentlyPlayed(accountId: string, body: unknown): void;
  /** Every recently-played request of the account answers `status`; `undefined` stops it. */
  failAccount(accountId: string, status: 500 | 502 | 503 | undefined): void;
  clear(): void;
}

const WINDOW_MS = 30_000;
const SERVER_ERROR_MESSAGES: Record<number, string> = {
  500: 'Server error.',
  502: 'Bad gateway.',
  503: 'Service unavailable',
};

function positiveInt(name: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

function share(name: string, value: number | undefined): number {
  const v = value ?? 0;
  if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be between 0 and 1, got ${v}`);
  return v;
}

/**
 * Failures of the Web API on demand. Rate limits are in REAL time, because a client waits out
 * Retry-After on its own clock, not the simulated one.
 */
export class FaultInjector {
  #limit: { retryAfterSeconds: number; untilMs: number; emptyBodyShare: number } | undefined;
  #window: { max: number; emptyBodyShare: number; times: number[] } | undefined;
  #errors: { status: number; remaining: number } | undefined;
  #slow: { delayMs: number; remaining: number } | undefined;
  readonly #random: SeededRandom;

  constructor(seed: number) {
    this.#random = new SeededRandom(seed ^ 0xfa017);
  }

  rateLimit(opts: RateLimitOptions): void {
    const retryAfterSeconds = positiveInt('rateLimit.retryAfterSeconds', opts.retryAfterSeconds, 0);
    const forMs =
      opts.forMs === undefined ? Number.POSITIVE_INFINITY : positiveInt('rateLimit.forMs', opts.forMs);
    this.#limit = {
      retryAfterSeconds,
      untilMs: Date.now() + forMs,
      emptyBodyShare: share('rateLimit.emptyBodyShare', opts.emptyBodyShare),
    };
  }

  rateLimitWindow(opts: { maxRequestsPer30s: number; emptyBodyShare?: number }): void {
    const max = positiveInt('rateLimitWindow.maxRequestsPer30s', opts.maxRequestsPer30s);
    this.#window = {
      max,
      emptyBodyShare: share('rateLimitWindow.emptyBodyShare', opts.emptyBodyShare),
      times: [],
    };
  }

  serverErrors(opts: { status: 500 | 502 | 503; count: number }): void {
    if (![500, 502, 503].includes(opts.status))
      throw new RangeError(`serverErrors.status must be 500, 502 or 503, got ${opts.status}`);
    this.#errors = { status: opts.status, remaining: positiveInt('serverErrors.count', opts.count, 0) };
  }

  slow(opts: { delayMs: number; count: number }): void {
    this.#slow = {
      delayMs: positiveInt('slow.delayMs', opts.delayMs, 0),
      remaining: positiveInt('slow.count', opts.count, 0),
    };
  }

  clear(): void {
    this.#limit = undefined;
    this.#window = undefined;
    this.#errors = undefined;
    this.#slow = undefined;
  }

  /** Real milliseconds to hold the next Web API response back (0 when not slowed). */
  takeDelay(): number {
    if (!this.#slow || this.#slow.remaining <= 0) return 0;
    this.#slow.remaining--;
    return this.#slow.delayMs;
  }

  /** The failure this Web API request meets, if any; counts the request toward the rolling window. */
  failure(): SimResponse | undefined {
    const now = Date.now();
    if (this.#limit && now < this.#limit.untilMs)
      return this.#tooMany(this.#limit.retryAfterSeconds, this.#limit.emptyBodyShare);
    if (this.#window) {
      const times = this.#window.times;
      while (times.length > 0 && times[0]! <= now - WINDOW_MS) times.shift();
      if (times.length >= this.#window.max) {
        const retryAfter = Math.max(1, Math.ceil((times[0]! + WINDOW_MS - now) / 1000));
        return this.#tooMany(retryAfter, this.#window.emptyBodyShare);
      }
      times.push(now);
    }
    if (this.#errors && this.#errors.remaining > 0) {
      this.#errors.remaining--;
      const status = this.#errors.status;
      return jsonResponse(status, errorBody(status, SERVER_ERROR_MESSAGES[status] ?? 'Server error.'));
    }
    return undefined;
  }

  #tooMany(retryAfterSeconds: number, emptyBodyShare: number): SimResponse {
    const headers = { 'retry-after': String(retryAfterSeconds) };
    if (emptyBodyShare > 0 && this.#random.chance(emptyBodyShare)) return { status: 429, headers, body: '' };
    return jsonResponse(429, errorBody(429, 'API rate limit exceeded'), headers);
  }
}
