import os from 'node:os';
import type { Logger } from '@spotify-pipeline/runtime';
import { BenchWorld } from './bench-world.ts';
import type { BenchOptions } from './config.ts';
import { Catalogue, DEFAULT_CATALOGUE } from './data/catalogue.ts';
import { PlayFactSeries } from './data/play-fact-series.ts';
import { RawPlaySeries } from './data/raw-play-series.ts';
import { lifetimeMaxRss } from './measure/rss-sampler.ts';
import type { BenchReport, Check, Measurement, ReportSection } from './report/results.ts';
import { runBaselineSuite } from './suites/baseline-suite.ts';
import { runImporterSuite } from './suites/importer-suite.ts';
import { runNormalizerSuite } from './suites/normalizer-suite.ts';
import { runPhaseSuite } from './suites/phase-suite.ts';
import { type PollerSuiteResult, runPollerSuite } from './suites/poller-suite.ts';
import { runSinkProcessSuite } from './suites/sink-process-suite.ts';
import { runSinkSuite } from './suites/sink-suite.ts';

/** Accounts of the normalizer's input: many listeners, so the raw topic looks like a deployment's. */
const RAW_ACCOUNTS = 500;

export interface RunBenchDeps {
  readonly logger: Logger;
  /** Told each phase as it starts, for a person watching a long run. */
  readonly progress?: (line: string) => void;
  /** The catalogue; tests pass a small one. */
  readonly catalogue?: Catalogue;
}

/**
 * Runs every suite once on one broker and one PostgreSQL and returns what it measured. Topics
 * and schemas of the run are deleted at the end, also when a suite fails.
 */
export async function runBench(options: BenchOptions, deps: RunBenchDeps): Promise<BenchReport> {
  const progress = deps.progress ?? (() => undefined);
  const startedAt = new Date().toISOString();
  const loadAtStart = loadAverage();
  const catalogue = deps.catalogue ?? new Catalogue(DEFAULT_CATALOGUE);
  const facts = new PlayFactSeries(catalogue, options.sizes.facts);
  const raws = new RawPlaySeries(
    new Catalogue({ ...catalogue.size, accounts: RAW_ACCOUNTS }),
    options.sizes.raw,
  );
  const measurements: Measurement[] = [];
  const checks: Check[] = [];
  const notes: string[] = [];
  let profile: Record<string, number | string> = {};
  const sections: ReportSection[] = [];
  let poller: PollerSuiteResult | undefined;
  const wants = (suite: Parameters<typeof options.suites.has>[0]) => options.suites.has(suite);
  const world = await BenchWorld.open({
    brokers: options.brokers,
    databaseUrl: options.databaseUrl,
    logger: deps.logger,
  });
  let serverVersion = 'unknown';
  try {
    serverVersion =
      (await world.pool.query<{ v: string }>('SHOW server_version')).rows[0]?.v ?? serverVersion;

    if (wants('sink')) {
      progress(`sink: producing ${facts.count.toLocaleString('en-US')} facts, then first load and replay`);
      const sink = await runSinkSuite(world, facts, options.sinkEnv);
      try {
        measurements.push(...sink.measurements);
        checks.push(...sink.checks);
        profile = sink.profile;
        progress('baselines: COPY, 1,000-row INSERT, row by row');
        const baselines = await runBaselineSuite(world, sink.schema, facts, options.sizes.rowByRow);
        measurements.push(...baselines.measurements);
        checks.push(...baselines.checks);
        Object.assign(profile, baselines.profile);
      } finally {
        await sink.warehouse.close();
      }

      progress('phases: decode alone, warehouse.writeBatch alone');
      const phases = await runPhaseSuite(world, facts, options.sizes.splitRows);
      measurements.push(...phases.measurements);
      Object.assign(profile, phases.profile);
    }

    if (wants('normalizer')) {
      progress(`normalizer: ${raws.count.toLocaleString('en-US')} raw plays, pass-through then normalizer`);
      const normalizer = await runNormalizerSuite(world, raws, options.poller.cpuProfileDir);
      measurements.push(...normalizer.measurements);
      checks.push(...normalizer.checks);
      Object.assign(profile, normalizer.profile);
    }

    if (wants('importer')) {
      progress(
        `importer: ${options.sizes.imports.toLocaleString('en-US')} plays over ten years, 14 days polled; import, truth check, abort and SIGKILL reruns`,
      );
      const importer = await runImporterSuite(world, options.sizes.imports);
      measurements.push(...importer.measurements);
      checks.push(...importer.checks);
      notes.push(...importer.notes);
    }

    if (wants('poller') || (wants('pipeline') && options.poller.pipelineAccounts > 0)) {
      poller = await runPollerSuite(
        world,
        {
          ...options.poller,
          accounts: wants('poller') ? options.poller.accounts : [],
          secondInstance: wants('poller') && options.poller.secondInstance,
          pipelineAccounts: wants('pipeline') ? options.poller.pipelineAccounts : 0,
        },
        progress,
      );
      measurements.push(...poller.measurements);
      checks.push(...poller.checks);
      sections.push(...poller.sections);
    }
    if (wants('pipeline')) {
      progress(
        `sink process: ${facts.count.toLocaleString('en-US')} facts at once, defaults, its peak memory`,
      );
      const sinkProcess = await runSinkProcessSuite(world, facts, options.poller.cpuProfileDir);
      measurements.push(...sinkProcess.measurements);
      checks.push(...sinkProcess.checks);
    }
  } finally {
    progress('cleaning up topics and schemas');
    await world.close();
  }
  return {
    runId: world.runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    sinkEnv: options.sinkEnv,
    sizes: { ...options.sizes, ...prefixed('catalogue.', catalogue.size), rawAccounts: RAW_ACCOUNTS },
    environment: {
      node: process.version,
      cpus: os.availableParallelism(),
      postgres: serverVersion,
      brokers: options.brokers.join(','),
      processMaxRssMb: Math.round(lifetimeMaxRss() / 1_048_576),
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadAverage(),
    },
    measurements,
    checks,
    profile,
    notes,
    sections,
    ...(poller ? { details: { poller: poller.runs } } : {}),
  };
}

/** The machine's load average over 1, 5 and 15 minutes (others' tests share it). */
function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

function prefixed(prefix: string, values: object): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${prefix}${k}`, Number(v)]));
}
