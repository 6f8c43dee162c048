import { setTimeout as sleep } from 'node:timers/promises';
import { DeadlineExceededError } from './errors/deadline-exceeded-error.ts';

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
    const pending = Promise.resolve().then(check);
    const outcome = await settledBy(pending, deadline + (pendingGraceMs ?? Math.max(timeoutMs, 30_000)));
    if (outcome === PENDING) {
      // A check that never settles (a client call stuck on a dead connection) must not hold the
      // wait past its deadline; its late outcome is dropped.
      pending.catch(() => undefined);
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

const PENDING = Symbol('pending');
/** The longest delay a Node timer takes (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** How `promise` settled, or PENDING if it had not by `deadline` (ms since the epoch). */
async function settledBy<V>(
  promise: Promise<V>,
  deadline: number,
): Promise<{ ok: true; value: V } | { ok: false; error: unknown } | typeof PENDING> {
  let timer: NodeJS.Timeout | undefined;
  const ms = Math.max(0, deadline - Date.now());
  // Beyond a timer's range (a wait meant to be endless, e.g. years) there is no giving up: Node
  // would fire such a timer after 1 ms instead.
  const expired =
    ms > MAX_TIMER_MS
      ? new Promise<typeof PENDING>(() => undefined)
      : new Promise<typeof PENDING>((resolve) => {
          timer = setTimeout(() => resolve(PENDING), ms);
        });
  try {
    return await Promise.race([
      promise.then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
      expired,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
