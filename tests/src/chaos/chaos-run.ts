import { randomBytes } from 'node:crypto';
import { Closer, createLogger, freePort, waitUntil } from '@spotify-pipeline/runtime';
import { SeededRandom, type SpotifySim, startSpotifySim } from '@spotify-pipeline/spotify-sim';
import { EphemeralRedis } from '@spotify-pipeline/stack';
import { testLogLevel } from '@spotify-pipeline/test-support';
import { linkListeners } from '../e2e/link-listeners.ts';
import { playKey, visiblePlays } from '../e2e/simulated-plays.ts';
import { ChildSink, NORMALIZER_MAIN, POLLER_MAIN, SINK_MAIN } from '../support/child-sink.ts';
import { consumerLag } from '../support/consumer-lag.ts';
import { PipelineWorld, TEST_DATABASE_URL } from '../support/pipeline-world.ts';
import { startPrivateCluster } from '../support/private-cluster.ts';
import { readLossEvidence } from './loss-evidence.ts';
import {
  type LossStage,
  lossStages,
  type MissingPlay,
  PIPELINE_LOSS_STAGES,
  simTimeFromSteps,
} from './lost-play-stages.ts';

export type FaultKind = 'sink' | 'normalizer' | 'poller' | 'database' | 'redis' | 'broker';

export interface ChaosOptions {
  /** Real time of the run, faults included; then the pipeline is given time to catch up. */
  readonly durationMs: number;
  /**
   * Faults to inject at the least, however long that takes: on a loaded machine a tick takes longer
   * than its 2.5 s, and a test must not get fewer faults (and plays) for it.
   */
  readonly minFaults?: number;
  readonly seed: number;
  readonly listeners: number;
  /** A private 3-broker cluster (and broker kills) instead of the shared single broker. */
  readonly cluster: boolean;
  /**
   * Simulated time each 2.5 s tick moves the simulator's clock; 5 minutes by default (120 times
   * real time: a poller down for 30 s misses an hour of listening, under the 50 plays
   * recently-played keeps). Faster clocks make more plays and, with long poller outages, `unseen`
   * ones.
   */
  readonly simStepMs?: number;
  /** Progress lines for a person watching. */
  readonly log?: (line: string) => void;
}

export interface FaultRecord {
  readonly kind: FaultKind;
  readonly target: string;
  /** Real ms since the run began. */
  readonly atMs: number;
  /** From the fault until every play visible at the fault was in the warehouse; undefined if never. */
  recoveryMs: number | undefined;
}

export interface ChaosReport {
  /** Spotify-track plays the simulator made visible (its truth). */
  readonly plays: number;
  /**
   * Plays the pipeline had in hand and that are not in the warehouse: on the raw or fact topic, in
   * a committed cursor, or in the window of a committed poll (`lossStages`). When the topics could
   * not be read to the end, every served play the warehouse lacks.
   */
  readonly lost: number;
  /**
   * Served plays the warehouse lacks that only ever went to polls that never committed (the poller
   * killed mid-poll, its transaction's broker or Redis gone) and that had left the newest 50 before
   * the next committed poll: a poller outage longer than 50 plays of listening, as `unseen`.
   */
  readonly uncommitted: number;
  /** Every served play the warehouse lacks, by where it went missing (undefined: none, or unread). */
  readonly lostByStage: Readonly<Record<LossStage, number>> | undefined;
  /** A few of each stage, `account@played_at`, for the log. */
  readonly lostExamples: Readonly<Record<LossStage, string[]>> | undefined;
  /**
   * Visible plays recently-played never served: they left the listener's newest 50 before any poll
   * reached the account (the poller was down or behind for more than 50 plays of listening). No
   * pipeline can have them; the export import is how a listener recovers them.
   */
  readonly unseen: number;
  readonly duplicated: number;
  /**
   * Records the pipeline had still to consume when the run gave up waiting (0 when it drained;
   * -1 when the lag could not be read): with a backlog, `lost` counts plays that were only late.
   */
  readonly backlog: number;
  /** Services that exited without being killed, by name: a dependency's failure they did not survive. */
  readonly diedOnTheirOwn: Readonly<Record<string, number>>;
  readonly faults: readonly FaultRecord[];
  readonly durationMs: number;
}

interface RecoveryState {
  readonly have: ReadonlySet<string>;
  readonly shown: ReadonlySet<string>;
  readonly listed: ReadonlySet<string>;
}

/** Simulated time each tick moves the simulator's clock, by default. */
const SIM_STEP_MS = 5 * 60_000;
/** How many plays recently-played lists. */
const RECENTLY_PLAYED_LIMIT = 50;
/** Real time between ticks. */
const TICK_MS = 2_500;

/** A service run as its own process that the run kills (SIGKILL) and starts again, same settings. */
class Restartable {
  readonly name: string;
  readonly #main: string;
  readonly #env: Record<string, string>;
  #child: ChildSink;
  #killed = false;
  /** Times it exited without being killed by the run (what a supervisor would have restarted). */
  diedOnItsOwn = 0;

  constructor(name: string, main: string, env: Record<string, string>) {
    this.name = name;
    this.#main = main;
    this.#env = env;
    this.#child = ChildSink.startMain(main, env);
  }

  get running(): boolean {
    return !this.#child.exited;
  }

  async kill(): Promise<void> {
    this.#killed = true;
    await this.#child.kill();
  }

  /**
   * Starts it again if it is not running, as `npm start`'s supervisor or compose would: killed by
   * the run, or died by itself (then counted, and its last stderr lines reported).
   */
  restart(log: (line: string) => void): void {
    if (this.running) return;
    if (!this.#killed) {
      this.diedOnItsOwn += 1;
      const status = this.#child.exitStatus;
      const tail = `${this.#child.stdout}\n${this.#child.stderr}`.trim().split('\n').slice(-3).join(' | ');
      log(
        `${this.name} died by itself (exit ${status?.code ?? '-'}, signal ${status?.signal ?? '-'})${tail ? `: ${tail.slice(0, 600)}` : ''}`,
      );
    }
    this.#killed = false;
    this.#child = ChildSink.startMain(this.#main, this.#env);
  }

  stop(): Promise<unknown> {
    return this.#child.stop();
  }
}

/**
 * The whole pipeline on the simulator, each service its own process, while faults hit it at random
 * (seeded): SIGKILL of a sink, the normalizer or the poller; the sinks' database connections
 * terminated; Redis killed and started empty; on a cluster, a broker SIGKILLed. Each comes back
 * after a few seconds. Then the simulator's truth is compared with the warehouse.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const began = Date.now();
  const random = new SeededRandom(options.seed);
  const closer = new Closer(createLogger('chaos-cleanup', 'warn'));
  try {
    let brokers: readonly string[] | undefined;
    let killBroker: ((id: number) => Promise<void>) | undefined;
    let startBroker: ((id: number) => Promise<void>) | undefined;
    if (options.cluster) {
      log('starting a private 3-broker cluster');
      const { cluster, close } = await startPrivateCluster(3);
      closer.add('cluster', close);
      brokers = cluster.brokers;
      killBroker = (id) => cluster.kill(id);
      startBroker = (id) => cluster.startNode(id);
    }
    const world = await PipelineWorld.create('chaos', brokers ? { brokers } : {});
    closer.add('world', () => world.close());
    const redis = new EphemeralRedis(await freePort());
    await redis.start();
    closer.add('redis', () => redis.kill());
    const sim: SpotifySim = await startSpotifySim({
      seed: options.seed,
      accounts: options.listeners,
      historyHours: 1,
      clock: { mode: 'manual', start: new Date('2026-05-04T17:00:00Z') },
    });
    closer.add('simulator', () => sim.stop());
    /** The simulator's clock after each step, with the real time of the step (to date a poll's view). */
    const clockSteps = [{ realMs: Date.now(), simMs: sim.clock.now().getTime() }];

    const applicationName = `${world.schema}_sink`.slice(0, 63);
    const sinkDb = new URL(TEST_DATABASE_URL);
    sinkDb.searchParams.set('application_name', applicationName);
    const pollerPort = await freePort();
    const pollerUrl = `http://127.0.0.1:${pollerPort}`;
    const silent = { LOG_LEVEL: testLogLevel('error') };
    const services = [
      new Restartable('normalizer', NORMALIZER_MAIN, { ...world.normalizerEnv(), ...silent }),
      ...[1, 2].map(
        (i) =>
          new Restartable(`sink-${i}`, SINK_MAIN, {
            ...world.sinkEnv({ DATABASE_URL: sinkDb.toString(), SINK_RETRY_MAX_DELAY_MS: '500' }),
            ...silent,
          }),
      ),
      new Restartable('poller', POLLER_MAIN, {
        KAFKA_BROKERS: world.kafka.brokers.join(','),
        REDIS_URL: redis.url,
        TOPIC_PREFIX: world.kafka.prefix,
        REDIS_PREFIX: `${world.kafka.prefix.slice(0, -1)}.redis`,
        ...sim.clientEnv(),
        TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        POLL_INTERVAL_ACTIVE_MS: '200',
        POLL_INTERVAL_IDLE_MS: '1000',
        POLLER_RECONCILE_INTERVAL_MS: '1000',
        POLLER_INSTANCE_ID: 'chaos',
        HTTP_PORT: String(pollerPort),
        ...silent,
      }),
    ];
    // Stopped before the world goes (closers run last-added first).
    closer.add('services', () => Promise.all(services.map((s) => s.stop())));
    const byName = (name: string) => services.find((s) => s.name === name)!;

    await waitUntil(async () => (await fetch(`${pollerUrl}/readyz`)).ok, {
      what: 'the poller ready',
      timeoutMs: 120_000,
      intervalMs: 200,
    });
    await linkListeners(sim, pollerUrl);
    log(`${options.listeners} listeners linked; faults begin`);

    const factKeys = async (): Promise<string[]> =>
      (
        await world.warehouse.query<{ k: string }>(
          `SELECT account_id || '@' || (extract(epoch FROM played_at) * 1000)::bigint::text AS k
             FROM "${world.schema}".fact_play`,
        )
      ).map((r) => r.k);
    const wanted = () => visiblePlays(sim).filter((p) => !p.isLocal);
    /** Keys of the plays recently-played has served so far. */
    const served = () =>
      new Set(sim.accounts().flatMap((a) => sim.shown(a.id).map((d) => playKey(a.id, d.getTime()))));
    /** Keys of the plays recently-played would list now (each listener's newest 50). */
    const listedNow = () => {
      const byAccount = new Map<string, number[]>();
      for (const p of visiblePlays(sim)) {
        const times = byAccount.get(p.accountId) ?? [];
        times.push(p.playedAt.getTime());
        byAccount.set(p.accountId, times);
      }
      return new Set(
        [...byAccount].flatMap(([account, times]) =>
          times
            .sort((a, b) => b - a)
            .slice(0, RECENTLY_PLAYED_LIMIT)
            .map((ms) => playKey(account, ms)),
        ),
      );
    };
    /**
     * The warehouse's plays and the simulator's served and listed plays, read at most every 250 ms
     * and shared by every recovery watcher: hundreds of watchers run at once in a long run, and each
     * reading the whole fact table on its own was most of the database's work.
     */
    let snapshot: { readonly at: number; readonly state: Promise<RecoveryState> } | undefined;
    const recoveryState = (): Promise<RecoveryState> => {
      if (snapshot === undefined || Date.now() - snapshot.at >= 250) {
        const state = factKeys().then((keys) => ({
          have: new Set(keys),
          shown: served(),
          listed: listedNow(),
        }));
        snapshot = { at: Date.now(), state };
        // A failed read is not kept for the next watcher.
        state.catch(() => {
          if (snapshot?.state === state) snapshot = undefined;
        });
      }
      return snapshot.state;
    };
    /**
     * Where each missing play was lost: the raw, fact and cursor topics read committed to the end.
     * Undefined when they could not be read to the end: then no missing play is excused.
     */
    const lossStagesOf = async (missing: readonly { accountId: string; playedAt: Date }[]) => {
      const t = world.topics;
      const evidence = await readLossEvidence(world.kafka.kafka, {
        raw: t.rawPlays.name,
        fact: t.plays.name,
        cursors: t.pollCursors.name,
      });
      if (evidence === undefined) {
        log('the raw, fact or cursor topic could not be read to the end: every missing play counts as lost');
        return undefined;
      }
      const syncedAt = new Map(
        [...new Set(missing.map((p) => p.accountId))].flatMap((account) =>
          sim
            .truth(account)
            .map((p) => [playKey(account, p.playedAt.getTime()), p.syncedAt.getTime()] as const),
        ),
      );
      const plays: MissingPlay[] = missing.map((p) => ({
        accountId: p.accountId,
        playedAtMs: p.playedAt.getTime(),
        syncedAtSimMs: syncedAt.get(playKey(p.accountId, p.playedAt.getTime())) ?? Number.POSITIVE_INFINITY,
      }));
      // A response can be up to a few seconds older than the poller's stamp on a loaded machine.
      return lossStages(plays, { ...evidence, simTimeAt: simTimeFromSteps(clockSteps, 5_000) });
    };
    const faults: FaultRecord[] = [];
    const watchers: Promise<void>[] = [];
    /** Recovery: from the fault until every play visible at that moment is in the warehouse. */
    const watchRecovery = (fault: FaultRecord) => {
      const want = wanted().map((p) => p.key);
      const since = Date.now();
      watchers.push(
        waitUntil(
          async () => {
            const { have, shown, listed } = await recoveryState();
            // A play that left the window unseen can never arrive; it does not hold recovery back.
            return want.every((k) => have.has(k) || (!shown.has(k) && !listed.has(k)));
          },
          { what: `recovery from ${fault.kind}`, timeoutMs: 240_000, intervalMs: 250 },
        ).then(
          () => {
            fault.recoveryMs = Date.now() - since;
          },
          () => undefined,
        ),
      );
    };

    const kinds: FaultKind[] = ['sink', 'normalizer', 'poller', 'database', 'redis'];
    if (killBroker) kinds.push('broker');
    const pending: Promise<void>[] = [];
    const later = (ms: number, work: () => Promise<void> | void) =>
      pending.push(
        new Promise<void>((resolve) => setTimeout(resolve, ms)).then(work).catch((error: unknown) => {
          log(`restoring failed: ${error instanceof Error ? error.message : String(error)}`);
        }),
      );

    let brokerDown = false;
    /** Services the run killed and will restart itself after a pause. */
    const plannedRestart = new Set<string>();
    while (Date.now() - began < options.durationMs || faults.length < (options.minFaults ?? 0)) {
      sim.clock.advance(options.simStepMs ?? SIM_STEP_MS);
      clockSteps.push({ realMs: Date.now(), simMs: sim.clock.now().getTime() });
      const kind = random.pick(kinds);
      const atMs = Date.now() - began;
      let target = kind;
      if (kind === 'sink' || kind === 'normalizer' || kind === 'poller') {
        const service = kind === 'sink' ? byName(`sink-${random.int(1, 2)}`) : byName(kind);
        target = service.name as FaultKind;
        if (service.running) {
          await service.kill();
          plannedRestart.add(service.name);
          later(random.int(500, 4_000), () => {
            plannedRestart.delete(service.name);
            service.restart(log);
          });
        }
      } else if (kind === 'database') {
        const targets = await world.warehouse.query<{ pid: number }>(
          'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
          [applicationName],
        );
        if (targets.length > 0)
          await world.warehouse.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [
            targets.map((t) => t.pid),
          ]);
      } else if (kind === 'redis') {
        await redis.kill();
        later(random.int(500, 3_000), () => redis.start());
      } else if (kind === 'broker' && killBroker && startBroker && !brokerDown) {
        const id = random.int(1, 3);
        target = `broker-${id}` as FaultKind;
        brokerDown = true;
        await killBroker(id);
        later(random.int(5_000, 15_000), async () => {
          await startBroker(id);
          brokerDown = false;
        });
      }
      // A service that died by itself is restarted at once, as its supervisor would.
      for (const s of services) if (!s.running && !plannedRestart.has(s.name)) s.restart(log);
      const fault: FaultRecord = { kind, target, atMs, recoveryMs: undefined };
      faults.push(fault);
      watchRecovery(fault);
      log(`${(atMs / 1000).toFixed(1)} s: ${kind} (${target})`);
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }

    // Everything back, then the rest of the simulated day's plays must arrive.
    await Promise.all(pending);
    for (const s of services) s.restart(log);
    log('faults over; waiting for a poll of every listener and for the pipeline to drain');
    const faultsOverAt = Date.now();
    const want = wanted();
    const { admin } = world.kafka;
    const t = world.topics;
    const behind = async () =>
      (await consumerLag(admin, world.groupId('normalizer'), [t.rawPlays.name])) +
      (await consumerLag(
        admin,
        world.groupId('sink'),
        [t.artists, t.albums, t.tracks, t.accounts, t.plays].map((x) => x.name),
      ));
    const polledSinceEnd = () => {
      const polled = new Set(
        sim
          .requests()
          .filter((r) => r.atMs > faultsOverAt && r.status === 200 && r.path.includes('recently-played'))
          .map((r) => r.accountId),
      );
      return sim.accounts().every((a) => polled.has(a.id));
    };
    // Done when every served play is in, or when the pipeline is idle: every listener polled after
    // the faults and nothing left to consume. Only then is a missing play lost rather than late.
    let drained = false;
    // After the faults the run waits on the pipeline, then on the recovery watchers, then reads the
    // topics: a line a minute says which, and which services are down (nothing restarts them after
    // the drain), so a run that seems stuck shows where.
    let phase = 'drain';
    const phaseSince = Date.now();
    const heartbeat = setInterval(() => {
      const down = services.filter((x) => !x.running).map((x) => x.name);
      log(
        `after the faults, ${((Date.now() - phaseSince) / 1000).toFixed(0)} s: ${phase}; services down: ${down.join(', ') || 'none'}`,
      );
    }, 60_000);
    closer.add('heartbeat', () => clearInterval(heartbeat));
    await waitUntil(
      async () => {
        for (const s of services) s.restart(log);
        const have = new Set(await factKeys());
        const shown = served();
        if (want.every((p) => have.has(p.key) || !shown.has(p.key))) {
          drained = true;
          return true;
        }
        drained = polledSinceEnd() && (await behind()) === 0;
        return drained;
      },
      {
        what: 'every served play in the warehouse, or the pipeline drained',
        timeoutMs: 900_000,
        intervalMs: 1_000,
      },
    ).catch(() => undefined);
    phase = 'backlog';
    const backlog = drained ? 0 : await behind().catch(() => -1);
    phase = 'recovery watchers';
    await Promise.all(watchers);
    phase = 'reading the warehouse and the topics';
    const keys = await factKeys();
    const have = new Set(keys);
    const shown = served();
    const missing = want.filter((p) => shown.has(p.key) && !have.has(p.key));
    const stages = missing.length === 0 ? undefined : await lossStagesOf(missing);
    const uncommitted = stages?.counts['left-window-uncommitted'] ?? 0;
    return {
      plays: want.length,
      lost: stages ? PIPELINE_LOSS_STAGES.reduce((n, s) => n + stages.counts[s], 0) : missing.length,
      uncommitted,
      lostByStage: stages?.counts,
      lostExamples: stages?.examples,
      unseen: want.filter((p) => !shown.has(p.key) && !have.has(p.key)).length,
      duplicated: keys.length - have.size,
      backlog,
      diedOnTheirOwn: Object.fromEntries(
        services.filter((x) => x.diedOnItsOwn > 0).map((x) => [x.name, x.diedOnItsOwn]),
      ),
      faults,
      durationMs: Date.now() - began,
    };
  } finally {
    await closer.close();
  }
}

/** The report as lines for a person: figures first, then recovery times per kind of fault. */
export function formatChaosReport(report: ChaosReport): string[] {
  const lines = [
    `plays ${report.plays}  lost ${report.lost}  uncommitted ${report.uncommitted}  unseen ${report.unseen}  duplicated ${report.duplicated}  faults ${report.faults.length}  run ${(report.durationMs / 1000).toFixed(0)} s${report.backlog === 0 ? '' : `  NOT DRAINED: ${report.backlog} records still to consume, so "lost" may be late`}`,
  ];
  if (report.lostByStage) {
    const stages = Object.entries(report.lostByStage).filter(([, n]) => n > 0);
    lines.push(`  missing by stage: ${stages.map(([stage, n]) => `${stage} ${n}`).join(', ')}`);
    for (const [stage] of stages)
      lines.push(`    ${stage}: ${report.lostExamples?.[stage as LossStage]?.join(' ')}`);
  }
  const died = Object.entries(report.diedOnTheirOwn);
  if (died.length > 0)
    lines.push(`  died by themselves (restarted): ${died.map(([n, c]) => `${n} ${c}`).join(', ')}`);
  const byKind = new Map<string, FaultRecord[]>();
  for (const f of report.faults) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
  for (const [kind, list] of [...byKind].sort()) {
    const times = list
      .flatMap((f) => (f.recoveryMs === undefined ? [] : [f.recoveryMs]))
      .sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    const max = times.at(-1);
    lines.push(
      `  ${kind.padEnd(10)} ${String(list.length).padStart(3)} injected  recovery median ${median === undefined ? '—' : `${(median / 1000).toFixed(1)} s`}  max ${max === undefined ? '—' : `${(max / 1000).toFixed(1)} s`}${times.length < list.length ? `  (${list.length - times.length} not measured)` : ''}`,
    );
  }
  return lines;
}
