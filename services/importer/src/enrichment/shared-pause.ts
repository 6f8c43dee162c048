import type { Queue } from 'bullmq';

/**
 * Spotify's rate limit is the app's, so a 429 must stop the poller and the enrichment alike. The
 * enrichment has its own queue (a worker takes every job of its queue, and the poller's worker knows
 * only poll jobs), so the pause is shared by BullMQ's own mechanism on both queues: a 429 seen here
 * rate-limits this queue and the poller's for Retry-After; and before each lookup the poller's queue
 * is asked whether it is rate-limited (by its own 429 or because its limiter window is full), in
 * which case this queue waits as long. The poller yields to nothing and needs no change.
 */
export class SharedPause {
  readonly #own: Queue;
  readonly #poller: Queue;

  constructor(own: Queue, poller: Queue) {
    this.#own = own;
    this.#poller = poller;
  }

  /** Milliseconds the poller's queue is held back for; 0 when it is free. */
  async pollerPausedForMs(): Promise<number> {
    return Math.max(0, await this.#poller.getRateLimitTtl());
  }

  /** After a 429: both queues wait `ms` (every instance of either, as the limiter lives in Redis). */
  async pauseBoth(ms: number): Promise<void> {
    await Promise.all([this.#own.rateLimit(ms), this.#poller.rateLimit(ms)]);
  }

  /** Holds this queue back `ms`, e.g. while the poller's is. */
  async pauseOwn(ms: number): Promise<void> {
    await this.#own.rateLimit(ms);
  }
}
