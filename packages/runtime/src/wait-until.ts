import { setTimeout as sleep } from 'node:timers/promises';
import { DeadlineExceededError } from './errors/deadline-exceeded-error.ts';
import { STILL_PENDING, settledWithin } from './settled-within.ts';

export interface WaitUntilOptions {
  /** What is awaited, for the error message: e.g. `Kafka at 127.0.0.1:9092 ready`. */
  readonly what: string;
  readonly timeoutMs: number;
  /** Pause between checks. */
  readonly intervalMs?: number;
  /**
   * Errors a check may throw while the condition is not yet true (e.g. connection refused); they
   * count as "not yet" and the last one becomes the timeout's cause. Others end the wait at once.
   * By default every error counts as "not yet".
   */
  readonly isTransient?: (error: unknown) => boolean;
  readonly signal?: AbortSignal;
  /**
   * How long past the deadline a check still running may take before the wait gives up on it.
   * Generous by default (as long as the timeout, at least 30 s): a slow check on a loaded machine
   * still counts; only a check that never settles no longer holds the wait for ever.
   */
  readonly pendingGraceMs?: number;
}

/**
 * Polls `check` until it returns something other than `undefined` or `false`, and returns that.
 * The way to wait for state without guessing a sleep: it returns as soon as the state is there and
 * fails with DeadlineExceededError, naming what was awaited, when it never comes.
 */
export async function waitUntil<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { what, timeoutMs, intervalMs = 250, isTransient = () => true, signal, pendingGraceMs }: WaitUntilOptions,
): Promise<T> {
  if (!(timeoutMs > 0)) throw new RangeError(`waitUntil(${what}): timeoutMs must be > 0, got ${timeoutMs}`);
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    const giveUpAt = deadline + (pendingGraceMs ?? Math.max(timeoutMs, 30_000));
    const outcome = await settledWithin(check, giveUpAt - Date.now());
    if (outcome === STILL_PENDING) {
      // A check that never settles (a client call stuck on a dead connection) must not hold the
      // wait past its deadline; its late outcome is dropped.
      throw new DeadlineExceededError(what, timeoutMs, {
        cause: new Error('a check was still pending well past the deadline'),
      });
    }
    if (outcome.ok) {
      if (outcome.value !== undefined && outcome.value !== false) return outcome.value as T;
    } else {
      if (!isTransient(outcome.error)) throw outcome.error;
      lastError = outcome.error;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new DeadlineExceededError(what, timeoutMs, lastError === undefined ? {} : { cause: lastError });
    }
    await sleep(Math.min(intervalMs, left), undefined, signal ? { signal } : undefined);
  }
}
