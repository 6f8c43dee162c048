/**
 * Where the tests find the real broker, database and Redis: the one place a test reads the
 * environment (the same variables the programs read, with the loopback defaults `npm test` starts).
 */
export const TEST_BROKERS: readonly string[] = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const TEST_DATABASE_URL: string =
  process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL: string = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Log level of what a test runs: `TEST_LOG_LEVEL=debug npm test` to watch it, else `fallback`. */
export function testLogLevel(fallback = 'silent'): string {
  return process.env.TEST_LOG_LEVEL ?? fallback;
}

/** This process's environment plus `overrides`: for a child process, or a config a test parses. */
/** A variable set to undefined is removed. */
export function envWith(overrides: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...overrides };
  for (const [name, value] of Object.entries(overrides)) if (value === undefined) delete env[name];
  return env;
}

/** `UPDATE_GOLDEN=1` rewrites golden files instead of comparing with them (review the diff). */
export const UPDATE_GOLDEN: boolean = process.env.UPDATE_GOLDEN === '1';

/** Where a crash test's child kills itself (see the poller's crashing-poller), if it is one. */
export const CRASH_AT: string | undefined = process.env.CRASH_AT;

/** The headless Chromium of the browser tests (Debian's, installed by scripts/ensure-chromium.sh). */
export const CHROMIUM_PATH: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where tests write what a person may want to look at afterwards (screenshots), under the repository. */
export const ARTIFACTS_DIR: string = process.env.ARTIFACTS_DIR ?? '.cache/artifacts';

/**
 * fast-check's runs and seed for one property test: `<NAME>_NUM_RUNS` (else `defaultRuns`) and
 * `<NAME>_SEED`, which replays the run a failure printed.
 */
export function propertyRuns(name: string, defaultRuns: number): { numRuns: number; seed?: number } {
  const runs = process.env[`${name}_NUM_RUNS`];
  const seed = process.env[`${name}_SEED`];
  return {
    numRuns: runs === undefined ? defaultRuns : Number(runs),
    ...(seed === undefined ? {} : { seed: Number(seed) }),
  };
}
