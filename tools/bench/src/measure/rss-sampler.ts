/**
 * The process's resident set high-water mark over an interval, sampled every `intervalMs` (the
 * task's 100 ms). `process.resourceUsage().maxRSS` is the lifetime peak and cannot be reset, so
 * a phase's own peak needs sampling.
 */
export class RssSampler {
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #peak = 0;

  constructor(intervalMs = 100) {
    this.#intervalMs = intervalMs;
  }

  start(): this {
    this.#peak = process.memoryUsage.rss();
    this.#timer = setInterval(() => this.#sample(), this.#intervalMs);
    this.#timer.unref();
    return this;
  }

  /** Stops sampling (idempotent) and returns the peak in bytes. */
  stop(): number {
    if (this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.#sample();
    }
    return this.#peak;
  }

  #sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.#peak) this.#peak = rss;
  }
}

/** Lifetime peak RSS of this process in bytes (resourceUsage reports kilobytes). */
export function lifetimeMaxRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}
