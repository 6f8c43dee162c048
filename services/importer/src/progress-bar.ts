/** What the import tells whoever shows its progress. */
export interface ImportProgress {
  start(totalBytes: number): void;
  /** `bytes` read of the total so far, plays read and published by this run. */
  update(state: ProgressState): void;
  finish(): void;
}

export interface ProgressState {
  readonly bytes: number;
  readonly read: number;
  readonly published: number;
}

export interface ProgressBarOptions {
  readonly stream?: NodeJS.WriteStream;
  /** Redraws at most this often on a terminal (default 200 ms: five times a second). */
  readonly redrawMs?: number;
  /** Without a terminal, one line this often (default 10 s). */
  readonly lineMs?: number;
  readonly now?: () => number;
}

const WIDTH = 28;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/**
 * A one-line progress bar on stderr (plays read, plays per second, time left estimated from bytes
 * read against the export's total bytes). When stderr is not a terminal (a log file, CI) it writes
 * a plain line every so often instead of redrawing.
 */
export class ProgressBar implements ImportProgress {
  readonly #stream: NodeJS.WriteStream;
  readonly #tty: boolean;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #total = 0;
  #startedAt = 0;
  #lastDraw = 0;
  #last: ProgressState = { bytes: 0, read: 0, published: 0 };

  constructor(options: ProgressBarOptions = {}) {
    this.#stream = options.stream ?? process.stderr;
    this.#tty = this.#stream.isTTY === true;
    this.#intervalMs = this.#tty ? (options.redrawMs ?? 200) : (options.lineMs ?? 10_000);
    this.#now = options.now ?? Date.now;
  }

  start(totalBytes: number): void {
    this.#total = totalBytes;
    this.#startedAt = this.#now();
    this.#lastDraw = this.#startedAt;
  }

  update(state: ProgressState): void {
    this.#last = state;
    const now = this.#now();
    if (now - this.#lastDraw < this.#intervalMs) return;
    this.#lastDraw = now;
    this.#draw(now);
  }

  finish(): void {
    this.#draw(this.#now());
    if (this.#tty) this.#stream.write('\n');
  }

  /** The line shown for a state; exposed for tests. */
  line(state: ProgressState, elapsedMs: number): string {
    const fraction = this.#total > 0 ? Math.min(1, state.bytes / this.#total) : 1;
    const seconds = elapsedMs / 1000;
    const rate = seconds > 0 ? state.read / seconds : 0;
    const left = fraction > 0 ? (seconds * (1 - fraction)) / fraction : Number.NaN;
    const filled = Math.round(fraction * WIDTH);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}]`;
    return `${bar} ${(fraction * 100).toFixed(1).padStart(5)}%  ${state.read} plays read, ${state.published} published, ${Math.round(rate)} plays/s, ${duration(left)} left`;
  }

  #draw(now: number): void {
    const text = this.line(this.#last, now - this.#startedAt);
    this.#stream.write(this.#tty ? `\r\x1b[2K${text}` : `import: ${text}\n`);
  }
}

/** For tests and --quiet: shows nothing. */
export const silentProgress: ImportProgress = { start() {}, update() {}, finish() {} };
