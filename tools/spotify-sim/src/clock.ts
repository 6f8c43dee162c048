export type ClockOptions = { mode: 'manual'; start?: Date } | { mode: 'scaled'; speed: number; start?: Date };

/**
 * The simulated world's time. Manual: stands still until a test advances it. Scaled: runs `speed`
 * simulated seconds per real second from `start`. `advance` works in both (in scaled mode it adds an
 * offset), and time never goes backwards.
 */
export class SimClock {
  readonly mode: 'manual' | 'scaled';
  readonly speed: number;
  readonly start: Date;
  readonly #realStart: number;
  #offsetMs = 0;

  constructor(options: ClockOptions = { mode: 'scaled', speed: 1 }) {
    if (options.mode !== 'manual' && options.mode !== 'scaled') {
      throw new TypeError(
        `clock.mode must be 'manual' or 'scaled', got ${String((options as { mode: unknown }).mode)}`,
      );
    }
    const speed = options.mode === 'scaled' ? options.speed : 0;
    if (options.mode === 'scaled' && !(Number.isFinite(speed) && speed > 0)) {
      throw new RangeError(`clock.speed must be a positive number, got ${speed}`);
    }
    const start = options.start ?? new Date();
    if (Number.isNaN(start.getTime())) throw new RangeError('clock.start is not a valid date');
    this.mode = options.mode;
    this.speed = speed;
    this.start = new Date(start.getTime());
    this.#realStart = Date.now();
  }

  nowMs(): number {
    const elapsed = this.mode === 'scaled' ? (Date.now() - this.#realStart) * this.speed : 0;
    return Math.floor(this.start.getTime() + elapsed + this.#offsetMs);
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  advance(ms: number): void {
    if (!(Number.isFinite(ms) && ms >= 0))
      throw new RangeError(`clock.advance needs a finite ms >= 0, got ${ms}`);
    this.#offsetMs += ms;
  }
}
