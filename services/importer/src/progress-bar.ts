import cliProgress from 'cli-progress';

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
  /** Without a terminal, one line this often (default 10 s). */
  readonly lineMs?: number;
}

/**
 * A one-line progress bar on stderr (cli-progress): bytes of the export read against its total,
 * with plays read and published and plays per second; the time left is estimated from the bytes.
 * When stderr is not a terminal (a log file, CI) it writes a plain line every so often instead of
 * redrawing.
 */
export class ProgressBar implements ImportProgress {
  readonly #bar: cliProgress.SingleBar;
  #startedAt = 0;

  constructor(options: ProgressBarOptions = {}) {
    this.#bar = new cliProgress.SingleBar(
      {
        stream: options.stream ?? process.stderr,
        format:
          'import [{bar}] {percentage}%  {read} plays read, {published} published, {rate} plays/s, {eta_formatted} left',
        barsize: 28,
        fps: 5,
        etaBuffer: 100,
        hideCursor: false,
        noTTYOutput: true,
        notTTYSchedule: options.lineMs ?? 10_000,
      },
      cliProgress.Presets.legacy,
    );
  }

  start(totalBytes: number): void {
    this.#startedAt = Date.now();
    this.#bar.start(Math.max(1, totalBytes), 0, { read: 0, published: 0, rate: 0 });
  }

  update({ bytes, read, published }: ProgressState): void {
    const seconds = (Date.now() - this.#startedAt) / 1000;
    this.#bar.update(bytes, { read, published, rate: seconds > 0 ? Math.round(read / seconds) : 0 });
  }

  finish(): void {
    this.#bar.stop();
  }
}

/** For tests and --quiet: shows nothing. */
export const silentProgress: ImportProgress = { start() {}, update() {}, finish() {} };
