/** One measured figure: `rows` moved in `seconds`. */
export interface Measurement {
  /** Stable key, e.g. `sink.first-load`, used for ratios and in the JSON. */
  readonly id: string;
  /** What was measured, as the table prints it. */
  readonly name: string;
  readonly rows: number;
  readonly seconds: number;
  /** Resident set high-water mark during the measurement (sampled every 100 ms). */
  readonly peakRssBytes?: number;
  /**
   * The bench process's CPU seconds (user + system, all threads) during the measurement, where the
   * measured work ran in it: CPU over wall time says whether the run was bound by this process.
   */
  readonly cpuSeconds?: number;
  /** Which baseline the ratio column compares it with. */
  readonly compareWith?: Baseline;
  readonly note?: string;
}

/** A correctness check made on the data the bench moved; a failed one fails the run. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** A block of text the report prints under its title (e.g. the poller's own table). */
export interface ReportSection {
  readonly title: string;
  readonly lines: readonly string[];
}

export interface BenchReport {
  /** Names the run's topics (`bench_<runId>.*`) and schemas (`bench_<runId>_*`). */
  readonly runId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly sizes: Readonly<Record<string, number>>;
  /** Sink settings the run overrode (BENCH_SINK_ENV); empty for the sink's defaults. */
  readonly sinkEnv: Readonly<Record<string, string>>;
  readonly environment: Readonly<Record<string, string | number>>;
  readonly measurements: readonly Measurement[];
  readonly checks: readonly Check[];
  /** Facts about where the sink's time goes (batch counts, time in the writer, ...). */
  readonly profile: Readonly<Record<string, number | string>>;
  /** Lines printed as they are (e.g. the importer stub). */
  readonly notes: readonly string[];
  /** Tables of suites whose figures are not rows per second (the poller, the pipeline). */
  readonly sections?: readonly ReportSection[];
  /** Each suite's full figures, for the JSON only. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export const COPY_ID = 'baseline.copy';
export const PASS_THROUGH_ID = 'normalizer.pass-through';
export const PARSE_ID = 'import.parse';

/** The three yardsticks: the sink's COPY, the normalizer's pass-through, the importer's plain parse. */
export const BASELINES = { copy: COPY_ID, 'pass-through': PASS_THROUGH_ID, parse: PARSE_ID } as const;
export type Baseline = keyof typeof BASELINES;
export const SINK_FIRST_LOAD_ID = 'sink.first-load';

export function rate(m: Pick<Measurement, 'rows' | 'seconds'>): number {
  return m.seconds > 0 ? m.rows / m.seconds : Number.NaN;
}

/** `m`'s rate divided by its baseline's, or undefined when either is missing. */
export function ratio(m: Measurement, all: readonly Measurement[]): number | undefined {
  const against = m.compareWith;
  if (against === undefined) return undefined;
  const baseline = all.find((b) => b.id === BASELINES[against]);
  if (baseline === undefined) return undefined;
  const r = rate(m) / rate(baseline);
  return Number.isFinite(r) ? r : undefined;
}
