import { randomBytes } from 'node:crypto';
import { POLL_QUEUE_NAME } from '@spotify-pipeline/avro';
import {
  ensureTopics,
  freePort,
  type PromSample,
  scrape,
  topicsFor,
  waitUntil,
} from '@spotify-pipeline/runtime';
import { type SpotifySim, startSpotifySim } from '@spotify-pipeline/spotify-sim';
import { PostgresWarehouse } from '@spotify-pipeline/warehouse';
import type { BenchWorld } from '../bench-world.ts';
import { commandEnv } from '../config.ts';
import type { BenchRedis } from '../services/private-redis.ts';
import { bucketDelta, bucketQuantile, histogramBuckets } from '../services/prom-histogram.ts';
import { ServiceProcess, serviceEntry } from '../services/service-process.ts';
import { auditPlays, lastPolls, longestGaps, type MissReport, type PollAt } from './poll-audit.ts';
import { rawPlaysByAccount } from './raw-plays-by-account.ts';
import { seedLinkedAccounts } from './seed-accounts.ts';

/** The poller's defaults, in real time; a run at speed S divides them by S. */
const ACTIVE_MS = 60_000;
const IDLE_MS = 600_000;
/** 50 plays of at least 30 s: an account polled at least this often can never lose a play. */
export const NO_MISS_BOUND_MS = 50 * 30_000;
/** After every account's first poll, the intervals ramp from active to idle: 1+2+4+8 active intervals. */
const RAMP_ACTIVE_INTERVALS = 15;
/** A play synced this close (real ms) before an account's last poll may not have been in its window. */
const EDGE_MS = 1_000;

export interface PollerRunOptions {
  /** Simulated accounts, all linked. */
  readonly accounts: number;
  /** Simulated seconds per real second; the poller's intervals are divided by it. */
  readonly speed: number;
  /** The measured window, after the first round and the interval ramp. */
  readonly measureSeconds: number;
  /** Poller instances sharing the queue (the second one shows how it scales). */
  readonly instances: number;
  /** POLLER_RATE_LIMIT_MAX per second, shared by the instances. */
  readonly rateLimitPerSecond: number;
  readonly concurrency: number;
  /** Also run the normalizer and a sink (into a migrated schema): latency and their memory. */
  readonly pipeline: boolean;
  /** Writes each process's V8 CPU profile here. */
  readonly cpuProfileDir?: string;
  readonly seed?: number;
  /** Names this run's topics, Redis prefix and schema. */
  readonly label: string;
}

export interface ServiceFigures {
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
}

export interface PollerRunResult {
  readonly options: PollerRunOptions;
  /** From starting the poller(s) to every account's first poll done (state load, schedulers, tokens). */
  readonly firstRoundSeconds: number;
  readonly windowSeconds: number;
  /** recently-played requests answered with 200 in the window. */
  readonly polls: number;
  /** The poller's own count of jobs by outcome in the window (too-soon, locked, ... included). */
  readonly jobOutcomes: Readonly<Record<string, number>>;
  readonly redisCommands: number;
  readonly redisShared: boolean;
  /** Poller instances' CPU in the window, summed. */
  readonly pollerCpuSeconds: number;
  readonly services: Readonly<Record<string, ServiceFigures>>;
  /** Longest time (simulated ms) any account went unpolled in the window. */
  readonly longestGapSimMs: number;
  readonly accountsOverBound: number;
  /** Poll jobs due but not started when the window ended (a backlog means it does not keep up). */
  readonly dueAtEnd: number;
  readonly plays: MissReport;
  readonly undecodable: number;
  readonly latency?: { readonly p50: number; readonly p99: number; readonly count: number };
  readonly errors: readonly string[];
}

/**
 * One poller (or two) against the simulator with N linked accounts at `speed`, real Kafka and a
 * Redis of the bench's own: links by seeding the state topics, waits for every account's first poll
 * and the ramp of its interval to idle, then measures a window (polls, CPU, Redis commands, gaps)
 * and checks every play the simulator showed in the run against the raw topic.
 */
export async function runPoller(
  world: BenchWorld,
  redis: BenchRedis,
  o: PollerRunOptions,
  progress: (line: string) => void = () => undefined,
): Promise<PollerRunResult> {
  const errors: string[] = [];
  const prefix = world.prefix(o.label);
  const topics = topicsFor(prefix);
  const redisPrefix = `bench_${world.runId}_${o.label}`;
  const tokenKey = randomBytes(32);
  const sim = await startSpotifySim({
    seed: o.seed ?? 15,
    accounts: o.accounts,
    // Enough for a full first window; 48 h for 10,000 listeners would hold millions of plays.
    historyHours: 6,
    clock: { mode: 'scaled', speed: o.speed },
  });
  const processes: ServiceProcess[] = [];
  let warehouse: PostgresWarehouse | undefined;
  try {
    await ensureTopics(world.admin, [topics.linkedAccounts, topics.pollCursors, topics.rawPlays]);
    const seededAtSim = await seedLinkedAccounts(world.producer, topics, sim, tokenKey);
    const simOffset = sim.clock.now().getTime() - Date.now() * o.speed;
    const toSim = (realMs: number) => realMs * o.speed + simOffset;

    // As a person would run them: the bench's environment (its broker, database), plus the run's own.
    const common = commandEnv({
      KAFKA_BROKERS: world.brokers.join(','),
      TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    });
    const spawn = async (name: string, service: 'poller' | 'normalizer' | 'sink', env: NodeJS.ProcessEnv) => {
      const port = await freePort();
      const child = new ServiceProcess(name, serviceEntry(service), {
        env: { ...common, ...env, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1' },
        ...(o.cpuProfileDir ? { cpuProfileDir: o.cpuProfileDir } : {}),
      });
      processes.push(child);
      return { child, url: `http://127.0.0.1:${port}` };
    };
    let sinkUrl: string | undefined;
    if (o.pipeline) {
      const schema = world.schema(o.label);
      warehouse = new PostgresWarehouse({ connectionString: world.databaseUrl, schema });
      await warehouse.migrate();
      sinkUrl = (
        await spawn('sink', 'sink', {
          DATABASE_URL: world.databaseUrl,
          WAREHOUSE_SCHEMA: schema,
          SINK_GROUP_ID: world.groupId(`${o.label}-sink`),
        })
      ).url;
      await spawn('normalizer', 'normalizer', {
        NORMALIZER_GROUP_ID: world.groupId(`${o.label}-normalizer`),
      });
    }
    const started = performance.now();
    const startedAt = Date.now();
    const pollers: { child: ServiceProcess; url: string }[] = [];
    for (let i = 0; i < o.instances; i += 1) {
      pollers.push(
        await spawn(o.instances === 1 ? 'poller' : `poller-${i + 1}`, 'poller', {
          ...sim.clientEnv(),
          REDIS_URL: redis.url,
          REDIS_PREFIX: redisPrefix,
          TOKEN_ENCRYPTION_KEY: tokenKey.toString('base64'),
          POLL_INTERVAL_ACTIVE_MS: String(Math.max(100, Math.round(ACTIVE_MS / o.speed))),
          POLL_INTERVAL_IDLE_MS: String(Math.max(100, Math.round(IDLE_MS / o.speed))),
          POLLER_RATE_LIMIT_MAX: String(o.rateLimitPerSecond),
          POLLER_RATE_LIMIT_DURATION_MS: '1000',
          POLLER_CONCURRENCY: String(o.concurrency),
          POLLER_RECONCILE_INTERVAL_MS: '15000',
          POLLER_INSTANCE_ID: `bench-${world.runId}-${o.label}-${i + 1}`,
        }),
      );
    }
    const alive = () => {
      const dead = processes.find((p) => !p.running);
      if (dead)
        throw new Error(`${dead.name} exited during the run: ${dead.stderrTail.slice(-3).join(' | ')}`);
    };
    const ids = sim.accounts().map((a) => a.id);
    const polledOnce = () => new Set(recentlyPlayedPolls(sim).map((p) => p.accountId)).size;
    progress(`  ${o.label}: ${o.accounts} accounts linked; waiting for every account's first poll`);
    await waitUntil(
      () => {
        alive();
        return polledOnce() >= ids.length;
      },
      { what: `a first poll of all ${ids.length} accounts`, timeoutMs: 15 * 60_000, intervalMs: 1_000 },
    );
    const firstRoundSeconds = (performance.now() - started) / 1000;
    // Every account starts at the active interval and doubles it at each poll without a new play.
    const rampMs = (RAMP_ACTIVE_INTERVALS * ACTIVE_MS) / o.speed;
    progress(
      `  ${o.label}: first round in ${firstRoundSeconds.toFixed(1)} s; ramp ${(rampMs / 1000).toFixed(0)} s, then ${o.measureSeconds} s measured`,
    );
    await sleepWatching(rampMs, alive);

    const before = await snapshot(redis, pollers, processes, sinkUrl);
    const fromMs = Date.now();
    // The simulator keeps its newest 100,000 requests: each account's last poll is taken now.
    const lastBefore = lastPolls(recentlyPlayedPolls(sim), fromMs);
    await sleepWatching(o.measureSeconds * 1000, alive);
    const after = await snapshot(redis, pollers, processes, sinkUrl);
    const toMs = Date.now();
    const dueAtEnd = await dueJobs(redis, redisPrefix);
    const services: Record<string, ServiceFigures> = {};
    for (const p of processes)
      services[p.name] = {
        cpuSeconds: (after.cpu.get(p.name) ?? Number.NaN) - (before.cpu.get(p.name) ?? Number.NaN),
        peakRssBytes: p.peakRssBytes(),
      };
    for (const p of pollers) {
      const code = await p.child.stop();
      if (code !== 0) errors.push(`${p.child.name} exited with ${code} when stopped`);
    }

    const requests = recentlyPlayedPolls(sim);
    const polls = requests.filter((r) => r.atMs > fromMs && r.atMs <= toMs).length;
    const gaps = longestGaps(requests, ids, { sinceMs: startedAt, lastBefore, fromMs, toMs });
    const longestGapRealMs = Math.max(0, ...gaps.values());
    const boundRealMs = NO_MISS_BOUND_MS / o.speed;
    const lastPoll = lastPolls(requests);

    const { plays: published, undecodable } = await rawPlaysByAccount(
      world.kafka,
      topics.rawPlays.name,
      world.groupId(`${o.label}-audit`),
    );
    const total: { -readonly [K in keyof MissReport]: number } = {
      missed: 0,
      unexpected: 0,
      duplicates: 0,
      expected: 0,
    };
    for (const id of ids) {
      const truth = sim
        .truth(id)
        .filter((p) => p.visible)
        .map((p) => ({ playedAtMs: p.playedAt.getTime(), syncedAtMs: p.syncedAt.getTime() }));
      const report = auditPlays(truth, published.get(id) ?? [], {
        seededAtMs: seededAtSim,
        lastPollMs: toSim((lastPoll.get(id) ?? startedAt) - EDGE_MS),
      });
      for (const k of Object.keys(total) as (keyof MissReport)[]) total[k] += report[k];
    }
    let latency: PollerRunResult['latency'];
    if (before.latency && after.latency) {
      const delta = bucketDelta(before.latency, after.latency);
      latency = {
        p50: bucketQuantile(delta, 0.5),
        p99: bucketQuantile(delta, 0.99),
        count: delta.at(-1)?.[1] ?? 0,
      };
    }
    return {
      options: o,
      firstRoundSeconds,
      windowSeconds: (toMs - fromMs) / 1000,
      polls,
      jobOutcomes: Object.fromEntries(
        [...after.outcomes].map(([k, v]) => [k, v - (before.outcomes.get(k) ?? 0)]),
      ),
      redisCommands: after.redisCommands - before.redisCommands,
      redisShared: redis.shared,
      pollerCpuSeconds: pollers.reduce((sum, p) => sum + (services[p.child.name]?.cpuSeconds ?? 0), 0),
      services,
      longestGapSimMs: longestGapRealMs * o.speed,
      accountsOverBound: [...gaps.values()].filter((g) => g > boundRealMs).length,
      dueAtEnd,
      plays: total,
      undecodable,
      ...(latency ? { latency } : {}),
      errors,
    };
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    await sim.stop();
    await warehouse?.close();
    if (redis.shared) await redis.deletePrefix(redisPrefix).catch(() => undefined);
  }
}

/** The recently-played requests the simulator answered with 200 (the log keeps its newest 100,000). */
function recentlyPlayedPolls(sim: SpotifySim): PollAt[] {
  const polls: PollAt[] = [];
  for (const r of sim.requests())
    if (r.accountId !== null && r.status === 200 && r.path === '/v1/me/player/recently-played')
      polls.push({ accountId: r.accountId, atMs: r.atMs });
  return polls;
}

interface Snapshot {
  readonly cpu: Map<string, number>;
  readonly redisCommands: number;
  readonly outcomes: Map<string, number>;
  readonly latency?: [number, number][];
}

async function snapshot(
  redis: BenchRedis,
  pollers: readonly { child: ServiceProcess; url: string }[],
  processes: readonly ServiceProcess[],
  sinkUrl: string | undefined,
): Promise<Snapshot> {
  const cpu = new Map(processes.map((p) => [p.name, p.cpuSeconds()]));
  const redisCommands = await redis.commands();
  const outcomes = new Map<string, number>();
  for (const p of pollers) {
    const samples: PromSample[] = await scrape(`${p.url}/metrics`);
    for (const s of samples)
      if (s.name === 'poller_polls_total')
        outcomes.set(s.labels.outcome ?? '', (outcomes.get(s.labels.outcome ?? '') ?? 0) + s.value);
  }
  if (sinkUrl === undefined) return { cpu, redisCommands, outcomes };
  const sink = await scrape(`${sinkUrl}/metrics`);
  return { cpu, redisCommands, outcomes, latency: histogramBuckets(sink, 'sink_play_latency_seconds') };
}

/** Poll jobs whose time has come and that no worker has started: waiting, or delayed but overdue. */
async function dueJobs(redis: BenchRedis, redisPrefix: string): Promise<number> {
  // BullMQ's keys: <prefix>:<queue>:wait (list) and :delayed (score = due ms * 0x1000 + counter).
  const base = `${redisPrefix}:${POLL_QUEUE_NAME}`;
  const waiting = await redis.client.llen(`${base}:wait`);
  const overdue = await redis.client.zcount(`${base}:delayed`, '-inf', String(Date.now() * 0x1000));
  return waiting + overdue;
}

async function sleepWatching(ms: number, check: () => void): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    check();
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, end - Date.now())));
  }
  check();
}
