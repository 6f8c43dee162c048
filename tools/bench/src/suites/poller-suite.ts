import { formatTable } from '@spotify-pipeline/runtime';
import type { BenchWorld } from '../bench-world.ts';
import type { PollerBenchOptions } from '../config.ts';
import { NO_MISS_BOUND_MS, type PollerRunResult, runPoller } from '../poller/poller-run.ts';
import type { Check, Measurement, ReportSection } from '../report/results.ts';
import { BenchRedis } from '../services/private-redis.ts';
import { SINK_RSS_TARGET_BYTES } from './sink-process-suite.ts';

/** The suite's settings, read and checked in the bench's config. */
export type PollerSuiteOptions = PollerBenchOptions;

export interface PollerSuiteResult {
  readonly measurements: Measurement[];
  readonly checks: Check[];
  readonly sections: ReportSection[];
  readonly runs: PollerRunResult[];
}

/** The target: accounts polled at a real-time listening rate by one instance on one core. */
export const POLLER_TARGET_ACCOUNTS = 10_000;
/** Item 5's target: a play's p99 from the poller to its committed fact row. */
export const LATENCY_TARGET_P99_SECONDS = 1;

const MB = 1_048_576;

/**
 * The poller ladder (item 4 of issue 15), optionally a second instance, and one pipeline run with
 * the normalizer and a sink (items 5 and 6). Every service runs as its own process.
 */
export async function runPollerSuite(
  world: BenchWorld,
  o: PollerSuiteOptions,
  progress: (line: string) => void,
): Promise<PollerSuiteResult> {
  const redis = await BenchRedis.start(o.redisUrl);
  const runs: PollerRunResult[] = [];
  try {
    const common = {
      speed: o.speed,
      measureSeconds: o.measureSeconds,
      rateLimitPerSecond: o.rateLimitPerSecond,
      concurrency: o.concurrency,
      ...(o.cpuProfileDir ? { cpuProfileDir: o.cpuProfileDir } : {}),
    };
    for (const accounts of o.accounts) {
      progress(`poller: ${accounts} accounts at ${o.speed}x, one instance`);
      runs.push(
        await runPoller(
          world,
          redis,
          { ...common, accounts, instances: 1, pipeline: false, label: `poller${accounts}` },
          progress,
        ),
      );
    }
    const largest = Math.max(...o.accounts);
    if (o.secondInstance && o.accounts.length > 0) {
      progress(`poller: ${largest} accounts at ${o.speed}x, two instances`);
      runs.push(
        await runPoller(
          world,
          redis,
          { ...common, accounts: largest, instances: 2, pipeline: false, label: `poller${largest}x2` },
          progress,
        ),
      );
    }
    if (o.pipelineAccounts > 0) {
      progress(`pipeline: ${o.pipelineAccounts} accounts at ${o.speed}x, poller + normalizer + sink`);
      runs.push(
        await runPoller(
          world,
          redis,
          { ...common, accounts: o.pipelineAccounts, instances: 1, pipeline: true, label: 'pipeline' },
          progress,
        ),
      );
    }
  } finally {
    await redis.close();
  }
  return {
    measurements: runs.map(measurementOf),
    checks: runs.flatMap(checksOf),
    sections: [pollerSection(runs), ...pipelineSections(runs)],
    runs,
  };
}

/** Accounts at a real-time listening rate whose polls equal the run's: N accounts at S x. */
export function realTimeLoad(run: PollerRunResult): number {
  return run.options.accounts * run.options.speed;
}

function describeRun(run: PollerRunResult): string {
  const { accounts, speed, instances, pipeline } = run.options;
  const who = pipeline
    ? 'pipeline (poller+normalizer+sink)'
    : instances > 1
      ? `poller x${instances}`
      : 'poller';
  return `${who}, ${accounts.toLocaleString('en-US')} accounts at ${speed}x`;
}

function measurementOf(run: PollerRunResult): Measurement {
  const pollerRss = Math.max(
    ...Object.entries(run.services)
      .filter(([name]) => name.startsWith('poller'))
      .map(([, s]) => s.peakRssBytes),
  );
  return {
    id: `poller.${run.options.label}`,
    name: `${describeRun(run)}: polls`,
    rows: run.polls,
    seconds: run.windowSeconds,
    ...(Number.isFinite(pollerRss) ? { peakRssBytes: pollerRss } : {}),
  };
}

function checksOf(run: PollerRunResult): Check[] {
  const checks: Check[] = [
    {
      name: `${describeRun(run)}: 0 plays missed`,
      ok:
        run.plays.missed === 0 &&
        run.plays.duplicates === 0 &&
        run.plays.unexpected === 0 &&
        run.undecodable === 0,
      detail: `${run.plays.expected} plays shown during the run; missed ${run.plays.missed}, published twice ${run.plays.duplicates}, not in the truth ${run.plays.unexpected}, undecodable ${run.undecodable}`,
    },
    {
      name: `${describeRun(run)}: the processes ran cleanly`,
      ok: run.errors.length === 0,
      detail: run.errors.length === 0 ? 'every process stopped with exit code 0' : run.errors.join('; '),
    },
  ];
  // Whether every account stayed within the bound is a figure of the table, not a check: finding
  // the load where it breaks is the ladder's point.
  return checks;
}

function pollerSection(runs: readonly PollerRunResult[]): ReportSection {
  const headers = [
    'run',
    'real-time load',
    'first round s',
    'polls/s',
    'jobs/poll',
    'CPU ms/poll',
    'core share',
    'Redis cmds/poll',
    'peak RSS MB',
    'longest gap (sim min)',
    'over bound',
    'due at end',
    'missed',
  ] as const;
  const rows = runs
    .filter((r) => !r.options.pipeline)
    .map((r) => {
      const jobs = Object.values(r.jobOutcomes).reduce((a, b) => a + b, 0);
      const pollerRss = Math.max(
        ...Object.entries(r.services)
          .filter(([name]) => name.startsWith('poller'))
          .map(([, s]) => s.peakRssBytes),
      );
      return [
        describeRun(r),
        realTimeLoad(r).toLocaleString('en-US'),
        r.firstRoundSeconds.toFixed(1),
        (r.polls / r.windowSeconds).toFixed(1),
        r.polls > 0 ? (jobs / r.polls).toFixed(2) : '',
        r.polls > 0 ? ((r.pollerCpuSeconds * 1000) / r.polls).toFixed(2) : '',
        (r.pollerCpuSeconds / r.windowSeconds / r.options.instances).toFixed(2),
        r.polls > 0 ? `${(r.redisCommands / r.polls).toFixed(1)}${r.redisShared ? ' (shared)' : ''}` : '',
        (pollerRss / MB).toFixed(0),
        (r.longestGapSimMs / 60_000).toFixed(1),
        String(r.accountsOverBound),
        String(r.dueAtEnd),
        String(r.plays.missed),
      ];
    });
  const lines =
    rows.length === 0
      ? []
      : formatTable(
          headers,
          rows,
          headers.map((_, i) => (i === 0 ? 'left' : 'right')),
        ).split('\n');
  const meeting = runs.filter(
    (r) =>
      !r.options.pipeline &&
      r.options.instances === 1 &&
      r.accountsOverBound === 0 &&
      r.plays.missed === 0 &&
      r.dueAtEnd <= r.options.concurrency,
  );
  const best = meeting.length > 0 ? Math.max(...meeting.map(realTimeLoad)) : 0;
  lines.push(
    '',
    `Each run: N simulated accounts on the simulator at S simulated seconds per real second, the poller's intervals divided by S (active ${60 / (runs[0]?.options.speed ?? 1)} s, idle ${600 / (runs[0]?.options.speed ?? 1)} s real), so the simulated world sees the poller it would see in real time; the polls equal those of N x S accounts in real time ("real-time load").`,
    `Bound: ${NO_MISS_BOUND_MS / 60_000} simulated min unpolled (50 plays of 30 s); "over bound" counts accounts that went longer in the window, "due at end" poll jobs due and not started. CPU is the poller process's (utime+stime) over the window; Redis commands are INFO commandstats on ${runs[0]?.redisShared ? 'the SHARED Redis (other clients included)' : "the bench's own redis-server"}.`,
    `Largest real-time load with every account within the bound, 0 missed, no backlog, one instance: ${best.toLocaleString('en-US')} accounts (target ${POLLER_TARGET_ACCOUNTS.toLocaleString('en-US')}: ${best >= POLLER_TARGET_ACCOUNTS ? 'MET' : 'NOT MET'}).`,
  );
  return { title: 'poller (one process per instance, own Redis, real Kafka)', lines };
}

function pipelineSections(runs: readonly PollerRunResult[]): ReportSection[] {
  return runs
    .filter((r) => r.options.pipeline)
    .map((r) => {
      const headers = ['service', 'CPU s in window', 'core share', 'peak RSS MB'] as const;
      const rows = Object.entries(r.services).map(([name, s]) => [
        name,
        s.cpuSeconds.toFixed(1),
        (s.cpuSeconds / r.windowSeconds).toFixed(2),
        (s.peakRssBytes / MB).toFixed(0),
      ]);
      const lines = formatTable(headers, rows, ['left', 'right', 'right', 'right']).split('\n');
      const l = r.latency;
      lines.push(
        '',
        l && l.count > 0
          ? `latency, poller received -> fact row committed (sink_play_latency_seconds, ${l.count} facts sampled in ${r.windowSeconds.toFixed(0)} s): p50 ${l.p50.toFixed(3)} s, p99 ${l.p99.toFixed(3)} s; target p99 < ${LATENCY_TARGET_P99_SECONDS} s ${l.p99 < LATENCY_TARGET_P99_SECONDS ? 'MET' : 'NOT MET'}`
          : 'latency: no fact committed in the window',
        `sink peak RSS ${((r.services.sink?.peakRssBytes ?? Number.NaN) / MB).toFixed(0)} MB (target < ${SINK_RSS_TARGET_BYTES / MB} MB); load ${realTimeLoad(r).toLocaleString('en-US')} real-time accounts, ${(r.polls / r.windowSeconds).toFixed(1)} polls/s`,
      );
      return { title: `pipeline: ${describeRun(r)}, each service its own process`, lines };
    });
}
