import { setTimeout as sleep } from 'node:timers/promises';
import { isRetriable } from './errors/index.ts';

export interface RetryOptions {
  /** Attempts in all, the first included. `Infinity` retries until `signal` aborts. */
  readonly attempts?: number;
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Multiplied into the delay after each failure. */
  readonly factor?: number;
  /** Which errors are worth another attempt; by default those that say they are retriable. */
  readonly shouldRetry?: (error: unknown) => boolean;
  /** Called before each wait, e.g. to log or count the retry. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  readonly signal?: AbortSignal;
  /** Replaced in unit tests; defaults to Math.random for full jitter. */
  readonly random?: () => number;
}

/**
 * The delay before attempt `attempt + 1`: exponential with "full jitter" (a uniform draw below the
 * exponential bound), which spreads retries of many clients apart instead of synchronising them.
 */
export function backoffDelay(
  attempt: number,
  { initialDelayMs = 100, maxDelayMs = 30_000, factor = 2, random = Math.random }: RetryOptions = {},
): number {
  const bound = Math.min(maxDelayMs, initialDelayMs * factor ** (attempt - 1));
  return Math.round(bound / 2 + (random() * bound) / 2);
}

/** Runs `fn` until it succeeds, retrying only what `shouldRetry` accepts. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const shouldRetry = options.shouldRetry ?? isRetriable;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= attempts || !shouldRetry(error) || options.signal?.aborted) throw error;
      const delayMs = backoffDelay(attempt, options);
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs, undefined, options.signal ? { signal: options.signal } : undefined);
    }
  }
}
