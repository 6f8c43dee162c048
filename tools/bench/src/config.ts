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
  /** Comma-separated suites to run (default all): sink (with its baselines and phases), normalizer, importer, poller, pipeline. */
  BENCH_SUITES: z.string().optional(),
  /** The poller ladder: simulated accounts of each run, comma-separated. */
  BENCH_POLLER_ACCOUNTS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'whole numbers, comma-separated')
    .optional(),
  /** Simulated seconds per real second in the poller runs (the poller's intervals are divided by it). */
  BENCH_POLLER_SPEED: envInt(1, 600).optional(),
  /** The measured window of each poller run, in seconds (after the first round and the ramp). */
  BENCH_POLLER_SECONDS: envInt(1, 3_600).optional(),
  /** Accounts of the pipeline run (poller + normalizer + sink); 0 skips it. */
  BENCH_PIPELINE_ACCOUNTS: envInt(0, 100_000).optional(),
  /** 1: run the largest ladder step again with two poller instances. */
  BENCH_POLLER_SECOND_INSTANCE: z.enum(['0', '1']).optional(),
  /** The poller's shared rate limit in the bench, polls per second (high: the poller's own limit is measured). */
  BENCH_POLLER_RATE_LIMIT: envInt(1, 100_000).default(10_000),
  /** POLLER_CONCURRENCY of the bench's pollers. */
  BENCH_POLLER_CONCURRENCY: envInt(1, 256).default(8),
  /** A directory: every poller-suite process writes its V8 CPU profile there (--cpu-prof). */
  BENCH_CPU_PROF_DIR: z.string().min(1).optional(),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Where the JSON results go, relative to the working directory. */
  BENCH_RESULTS_DIR: z.string().min(1).default('bench-results'),
};

export const SUITES = ['sink', 'normalizer', 'importer', 'poller', 'pipeline'] as const;
export type SuiteName = (typeof SUITES)[number];

export interface PollerBenchOptions {
  /** The ladder: simulated accounts of each run, one poller instance each. */
  readonly accounts: readonly number[];
  /** Simulated seconds per real second; the poller's intervals are divided by it. */
  readonly speed: number;
  readonly measureSeconds: number;
  /** Also run the largest ladder step with two poller instances. */
  readonly secondInstance: boolean;
  /** Accounts of the pipeline run (poller + normalizer + sink): latency and each service's memory; 0 skips it. */
  readonly pipelineAccounts: number;
  readonly rateLimitPerSecond: number;
  readonly concurrency: number;
  readonly redisUrl: string;
  readonly cpuProfileDir?: string;
}

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
  readonly suites: ReadonlySet<SuiteName>;
  readonly poller: PollerBenchOptions;
}

/** The poller ladder of a full run and of --quick. */
export const FULL_POLLER = {
  accounts: [500, 2_500],
  speed: 20,
  measureSeconds: 45,
  secondInstance: true,
  pipelineAccounts: 500,
};
export const QUICK_POLLER = {
  accounts: [100],
  speed: 20,
  measureSeconds: 15,
  secondInstance: false,
  pipelineAccounts: 100,
};

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
  --suites a,b           only these: sink, normalizer, importer, poller, pipeline (env BENCH_SUITES, default all)
  --poller-accounts N,.. the poller ladder, accounts per run (env BENCH_POLLER_ACCOUNTS, default 500,2500)
  --poller-speed S       simulated seconds per real second; intervals divided by S (env BENCH_POLLER_SPEED, default 20)
  --poller-seconds T     measured window of each poller run (env BENCH_POLLER_SECONDS, default 45)
  --pipeline-accounts N  accounts of the poller+normalizer+sink run, 0 skips it (env BENCH_PIPELINE_ACCOUNTS, default 500)
  env: BENCH_POLLER_SECOND_INSTANCE (1), BENCH_POLLER_RATE_LIMIT (10000), BENCH_POLLER_CONCURRENCY (8), BENCH_CPU_PROF_DIR,
       BENCH_ROW_BY_ROW (20000), BENCH_SPLIT_ROWS (200000), BENCH_RESULTS_DIR, BENCH_SINK_ENV, KAFKA_BROKERS, DATABASE_URL, REDIS_URL, LOG_LEVEL`;

/** Flags win over the environment, which wins over the mode's defaults. */
export function loadBenchOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): BenchOptions {
  const parsed = parseEnv(benchEnv, env);
  const flags = parseFlags(argv);
  const base = flags.quick ? QUICK_SIZES : FULL_SIZES;
  const pollerBase = flags.quick ? QUICK_POLLER : FULL_POLLER;
  const suites = flags.suites ?? parseSuites(parsed.BENCH_SUITES ?? SUITES.join(','));
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
    suites,
    poller: {
      accounts:
        flags.pollerAccounts ?? parsed.BENCH_POLLER_ACCOUNTS?.split(',').map(Number) ?? pollerBase.accounts,
      speed: flags.pollerSpeed ?? parsed.BENCH_POLLER_SPEED ?? pollerBase.speed,
      measureSeconds: flags.pollerSeconds ?? parsed.BENCH_POLLER_SECONDS ?? pollerBase.measureSeconds,
      secondInstance:
        parsed.BENCH_POLLER_SECOND_INSTANCE === undefined
          ? pollerBase.secondInstance
          : parsed.BENCH_POLLER_SECOND_INSTANCE === '1',
      pipelineAccounts:
        flags.pipelineAccounts ?? parsed.BENCH_PIPELINE_ACCOUNTS ?? pollerBase.pipelineAccounts,
      rateLimitPerSecond: parsed.BENCH_POLLER_RATE_LIMIT,
      concurrency: parsed.BENCH_POLLER_CONCURRENCY,
      redisUrl: parsed.REDIS_URL,
      ...(parsed.BENCH_CPU_PROF_DIR ? { cpuProfileDir: parsed.BENCH_CPU_PROF_DIR } : {}),
    },
  };
}

function parseSuites(list: string): Set<SuiteName> {
  const names = list.split(',').filter((n) => n !== '');
  const unknown = names.filter((n) => !(SUITES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0)
    throw new BenchUsageError(`--suites takes some of ${SUITES.join(', ')}; got ${list}\n${USAGE}`);
  return new Set(names as SuiteName[]);
}

interface Flags {
  quick: boolean;
  help: boolean;
  facts?: number;
  raw?: number;
  imports?: number;
  suites?: Set<SuiteName>;
  pollerAccounts?: number[];
  pollerSpeed?: number;
  pollerSeconds?: number;
  pipelineAccounts?: number;
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
      suites: { type: 'string' },
      'poller-accounts': { type: 'string' },
      'poller-speed': { type: 'string' },
      'poller-seconds': { type: 'string' },
      'pipeline-accounts': { type: 'string' },
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
    } else if (token.name === 'suites') flags.suites = parseSuites(token.value ?? '');
    else if (token.name === 'poller-accounts') {
      if (!/^\d+(,\d+)*$/.test(token.value ?? '') || token.value!.split(',').some((n) => Number(n) < 1))
        throw new BenchUsageError(
          `--poller-accounts needs whole numbers >= 1, comma-separated, got ${token.value ?? 'nothing'}\n${USAGE}`,
        );
      flags.pollerAccounts = token.value!.split(',').map(Number);
    } else if (
      token.name === 'poller-speed' ||
      token.name === 'poller-seconds' ||
      token.name === 'pipeline-accounts'
    ) {
      const value = Number(token.value);
      const min = token.name === 'pipeline-accounts' ? 0 : 1;
      if (token.value === undefined || !Number.isInteger(value) || value < min)
        throw new BenchUsageError(
          `--${token.name} needs a whole number >= ${min}, got ${token.value ?? 'nothing'}\n${USAGE}`,
        );
      if (token.name === 'poller-speed') flags.pollerSpeed = value;
      else if (token.name === 'poller-seconds') flags.pollerSeconds = value;
      else flags.pipelineAccounts = value;
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
