import { parseArgs } from 'node:util';
import { envInt, envLogLevel, kafkaEnv, parseEnv, warehouseEnv } from '@spotify-pipeline/runtime';
import { z } from 'zod';

/** Every variable the bench reads. Sizes left unset come from the mode (full or --quick). */
export const benchEnv = {
  ...kafkaEnv,
  DATABASE_URL: warehouseEnv.DATABASE_URL,
  LOG_LEVEL: envLogLevel.default('warn'),
  /** PlayFacts for the sink and the COPY / INSERT baselines. */
  BENCH_FACTS: envInt(1, 50_000_000).optional(),
  /** RawPlays for the normalizer and its pass-through. */
  BENCH_RAW: envInt(1, 10_000_000).optional(),
  /** True plays of the ten-year listener whose export the importer imports. */
  BENCH_IMPORT: envInt(1, 10_000_000).optional(),
  /** Rows of the one-statement-per-row baseline (a prefix of the facts). */
  BENCH_ROW_BY_ROW: envInt(1, 1_000_000).optional(),
  /** Rows of the phase split (decode alone, warehouse.writeBatch alone). */
  BENCH_SPLIT_ROWS: envInt(1, 10_000_000).optional(),
  /**
   * Sink variables for the bench's sink, comma-separated, e.g.
   * `SINK_BATCH_LINGER_MS=0,SINK_BATCH_SIZE=50000`: to try settings without editing anything.
   */
  BENCH_SINK_ENV: z
    .string()
    .regex(
      /^SINK_[A-Z_]+=[^,]*(,SINK_[A-Z_]+=[^,]*)*$/,
      'NAME=value pairs of SINK_* variables, comma-separated',
    )
    .optional(),
  /** Where the JSON results go, relative to the working directory. */
  BENCH_RESULTS_DIR: z.string().min(1).default('bench-results'),
};

export interface BenchSizes {
  readonly facts: number;
  readonly raw: number;
  readonly imports: number;
  readonly rowByRow: number;
  readonly splitRows: number;
}

export interface BenchOptions {
  readonly sizes: BenchSizes;
  readonly quick: boolean;
  readonly brokers: readonly string[];
  readonly databaseUrl: string;
  readonly logLevel: string;
  readonly resultsDir: string;
  /** Overrides of the sink's own variables (BENCH_SINK_ENV). */
  readonly sinkEnv: Readonly<Record<string, string>>;
}

export const FULL_SIZES: BenchSizes = {
  facts: 1_000_000,
  raw: 100_000,
  imports: 300_000,
  rowByRow: 20_000,
  splitRows: 200_000,
};
export const QUICK_SIZES: BenchSizes = {
  facts: 20_000,
  raw: 20_000,
  imports: 20_000,
  rowByRow: 2_000,
  splitRows: 20_000,
};

export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

export const USAGE = `usage: npm run bench -- [--quick] [--facts N] [--raw N] [--import N]
  --quick      smoke run (~20k facts, 20k raw plays, a 20k-play export)
  --facts N    PlayFacts for the sink and its baselines (env BENCH_FACTS, default 1000000)
  --raw N      RawPlays for the normalizer (env BENCH_RAW, default 100000)
  --import N   true plays of the ten-year listener the importer imports (env BENCH_IMPORT, default 300000)
  env: BENCH_ROW_BY_ROW (20000), BENCH_SPLIT_ROWS (200000), BENCH_RESULTS_DIR, BENCH_SINK_ENV, KAFKA_BROKERS, DATABASE_URL, LOG_LEVEL`;

/** Flags win over the environment, which wins over the mode's defaults. */
export function loadBenchOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): BenchOptions {
  const parsed = parseEnv(benchEnv, env);
  const flags = parseFlags(argv);
  const base = flags.quick ? QUICK_SIZES : FULL_SIZES;
  return {
    sizes: {
      facts: flags.facts ?? parsed.BENCH_FACTS ?? base.facts,
      raw: flags.raw ?? parsed.BENCH_RAW ?? base.raw,
      imports: flags.imports ?? parsed.BENCH_IMPORT ?? base.imports,
      rowByRow: parsed.BENCH_ROW_BY_ROW ?? base.rowByRow,
      splitRows: parsed.BENCH_SPLIT_ROWS ?? base.splitRows,
    },
    quick: flags.quick,
    brokers: parsed.KAFKA_BROKERS,
    databaseUrl: parsed.DATABASE_URL,
    logLevel: parsed.LOG_LEVEL,
    resultsDir: parsed.BENCH_RESULTS_DIR,
    sinkEnv: Object.fromEntries(
      (parsed.BENCH_SINK_ENV ?? '')
        .split(',')
        .filter((pair) => pair !== '')
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    ),
  };
}

interface Flags {
  quick: boolean;
  help: boolean;
  facts?: number;
  raw?: number;
  imports?: number;
}

export function parseFlags(argv: readonly string[]): Flags {
  // Not strict, so that the bench words its own errors: parseArgs still splits `--x=1` and `--x 1`.
  const { tokens } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      facts: { type: 'string' },
      raw: { type: 'string' },
      import: { type: 'string' },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const flags: Flags = { quick: false, help: false };
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') throw new BenchUsageError(`unknown argument ${token.value}\n${USAGE}`);
    if (token.name === 'quick') flags.quick = true;
    else if (token.name === 'help') flags.help = true;
    else if (token.name === 'facts' || token.name === 'raw' || token.name === 'import') {
      const value = Number(token.value);
      if (token.value === undefined || !Number.isInteger(value) || value < 1)
        throw new BenchUsageError(
          `--${token.name} needs a whole number >= 1, got ${token.value ?? 'nothing'}\n${USAGE}`,
        );
      flags[token.name === 'import' ? 'imports' : token.name] = value;
    } else throw new BenchUsageError(`unknown argument ${token.rawName}\n${USAGE}`);
  }
  return flags;
}

/**
 * The environment of a program the bench runs as a person would (the import command): the bench's
 * own, so it finds the same broker and database, plus `overrides`.
 */
export function commandEnv(overrides: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
