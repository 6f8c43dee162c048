/** What `settledWithin` answers when the work had not settled in time. */
export const STILL_PENDING: unique symbol = Symbol('still pending');

export type Settled<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown };

/** The longest delay a Node timer takes (2^31 - 1 ms, about 24.8 days); longer ones fire after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `work` and says how it settled within `ms`, or STILL_PENDING; it never rejects and never
 * waits longer. The one place where a call that may hang (a readiness check, a Redis QUIT to a
 * server that is gone, a client call on a dead connection) is bounded. A late outcome is dropped.
 * A bound beyond a timer's range means no bound.
 */
export async function settledWithin<T>(
  work: () => T | PromiseLike<T>,
  ms: number,
): Promise<Settled<T> | typeof STILL_PENDING> {
  const outcome = Promise.resolve()
    .then(work)
    .then(
      (value): Settled<T> => ({ ok: true, value: value as T }),
      (error: unknown): Settled<T> => ({ ok: false, error }),
    );
  const delay = Math.max(0, ms);
  if (delay > MAX_TIMER_MS) return outcome;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof STILL_PENDING>((resolve) => {
    timer = setTimeout(() => resolve(STILL_PENDING), delay);
  });
  try {
    return await Promise.race([outcome, expired]);
  } finally {
    clearTimeout(timer);
  }
}
