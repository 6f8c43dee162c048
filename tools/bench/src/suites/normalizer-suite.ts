import { codecs } from '@spotify-pipeline/avro';
import {
  DimensionCache,
  loadNormalizerConfig,
  type NormalizerHandle,
  normalizePlay,
  planBatch,
  startNormalizer,
} from '@spotify-pipeline/normalizer';
import { ensureTopics, type TopicSpec, topicsFor, waitUntil } from '@spotify-pipeline/runtime';
import type { BenchWorld } from '../bench-world.ts';
import type { RawPlaySeries } from '../data/raw-play-series.ts';
import { countDistinctFacts } from '../kafka/distinct-facts.ts';
import { committedCount } from '../kafka/group-progress.ts';
import { PassThrough } from '../kafka/pass-through.ts';
import { produceAll } from '../kafka/produce-all.ts';
import { topicEnd } from '../kafka/topic-end.ts';
import { profiled } from '../measure/in-process-profile.ts';
import { RssSampler } from '../measure/rss-sampler.ts';
import { type Check, type Measurement, PASS_THROUGH_ID } from '../report/results.ts';

const RUN_TIMEOUT_MS = 10 * 60_000;

export interface NormalizerSuiteResult {
  readonly measurements: Measurement[];
  readonly checks: Check[];
  /** Where the normalizer's time goes, per phase (see phaseProfile). */
  readonly profile: Record<string, number | string>;
}

/**
 * Raw plays on a fresh raw topic; then, each in its own group, a bare forwarder of the same bytes
 * (the ceiling) and the in-process normalizer, each timed from start until its output topic holds
 * one message per raw play.
 */
export async function runNormalizerSuite(
  world: BenchWorld,
  series: RawPlaySeries,
  /** Where each timed run writes the bench process's CPU profile (BENCH_CPU_PROF_DIR), if set. */
  cpuProfileDir?: string,
): Promise<NormalizerSuiteResult> {
  const prefix = world.prefix('norm');
  const topics = topicsFor(prefix);
  const passThroughTopic: TopicSpec = { ...topics.plays, name: `${prefix}bench.pass-through` };
  await ensureTopics(world.admin, [
    topics.rawPlays,
    topics.artists,
    topics.albums,
    topics.tracks,
    topics.accounts,
    topics.plays,
    topics.deadLetter,
    passThroughTopic,
  ]);
  const producing = performance.now();
  await produceAll(world.producer, topics.rawPlays.name, series.count, (i) => {
    const raw = series.at(i);
    return { key: raw.account.id, value: codecs.rawPlay.encode(raw) };
  });
  const measurements: Measurement[] = [
    {
      id: 'input.produce-raw',
      name: 'produce RawPlays v2 (input set-up, kafkajs acks -1)',
      rows: series.count,
      seconds: (performance.now() - producing) / 1000,
    },
  ];

  const config = loadNormalizerConfig({
    KAFKA_BROKERS: world.brokers.join(','),
    TOPIC_PREFIX: prefix,
    NORMALIZER_GROUP_ID: world.groupId('normalizer'),
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
  });

  let unitPhases: Record<string, number> = {};
  const passThrough = new PassThrough({
    kafka: world.kafka,
    from: topics.rawPlays.name,
    to: passThroughTopic.name,
    groupId: world.groupId('pass-through'),
    maxMessagesPerSend: config.NORMALIZER_MAX_MESSAGES_PER_SEND,
    partitionsConsumedConcurrently: config.NORMALIZER_PARTITIONS_CONSUMED_CONCURRENTLY,
  });
  measurements.push(
    await timeUntilDone(
      world,
      {
        groupId: world.groupId('pass-through'),
        inputTopic: topics.rawPlays.name,
        expected: series.count,
        what: 'pass-through',
        start: async () => {
          await passThrough.start();
          return () => passThrough.stop();
        },
        label: {
          id: PASS_THROUGH_ID,
          name: 'baseline: consume-and-forward pass-through (same batching)',
          compareWith: 'pass-through',
        },
      },
      cpuProfileDir,
    ),
  );
  measurements.push(
    await timeUntilDone(
      world,
      {
        groupId: config.NORMALIZER_GROUP_ID,
        inputTopic: topics.rawPlays.name,
        expected: series.count,
        what: 'normalizer',
        start: async () => {
          const handle = await startNormalizer(config, { logger: world.logger });
          return async () => {
            unitPhases = await unitPhaseSeconds(handle.registry);
            await handle.stop();
          };
        },
        label: {
          id: 'normalizer.end-to-end',
          name: 'normalizer end to end (raw plays in, facts out)',
          compareWith: 'pass-through',
        },
      },
      cpuProfileDir,
    ),
  );
  const dead = await topicEnd(world.admin, topics.deadLetter.name);
  const facts = await countDistinctFacts(
    world.kafka,
    world.admin,
    topics.plays.name,
    world.groupId('fact-count'),
  );
  const normalizer = measurements.find((m) => m.id === 'normalizer.end-to-end');
  return {
    measurements,
    profile: {
      ...phaseProfile(
        series,
        unitPhases,
        normalizer?.seconds ?? Number.NaN,
        config.NORMALIZER_MAX_MESSAGES_PER_SEND,
      ),
      ...processCpu(measurements),
    },
    checks: [
      {
        name: 'normalizer: one distinct fact per raw play, nothing dead-lettered',
        ok: facts.distinct === series.count && dead === 0,
        detail: `${facts.distinct} distinct facts for ${series.count} raw plays (${facts.messages - facts.distinct} repeated: at least once), ${dead} dead letters`,
      },
    ],
  };
}

/** One timed run: `start()` until `groupId` has committed all `expected` inputs of `inputTopic`. */
interface TimedRun {
  readonly groupId: string;
  readonly inputTopic: string;
  readonly expected: number;
  readonly what: string;
  /** Starts the run; resolves to its stop. */
  readonly start: () => Promise<() => Promise<void>>;
  readonly label: Pick<Measurement, 'id' | 'name' | 'compareWith'>;
}

/**
 * Times a run, profiled when a profile directory is given. Both the normalizer and the
 * pass-through commit a unit only after the broker acknowledged its outputs, so "every input
 * committed" is "every output written" and, unlike counting output messages, is not fooled by
 * repeated units.
 */
function timeUntilDone(
  world: BenchWorld,
  run: TimedRun,
  cpuProfileDir: string | undefined,
): Promise<Measurement> {
  return profiled(cpuProfileDir, run.what, () => timeRun(world, run));
}

async function timeRun(
  world: BenchWorld,
  { groupId, inputTopic, expected, what, start, label }: TimedRun,
): Promise<Measurement> {
  const sampler = new RssSampler().start();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const stop = await start();
  let seconds: number;
  let cpuSeconds: number;
  let peakRssBytes: number;
  try {
    await waitUntil(async () => (await committedCount(world.admin, groupId, inputTopic)) >= expected, {
      what: `the ${what} to commit all ${expected} messages of ${inputTopic}`,
      timeoutMs: RUN_TIMEOUT_MS,
      intervalMs: 100,
    });
    seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    cpuSeconds = (cpu.user + cpu.system) / 1e6;
  } finally {
    peakRssBytes = sampler.stop();
    await stop();
  }
  return { ...label, rows: expected, seconds, cpuSeconds, peakRssBytes };
}

/** CPU seconds of this process in each timed run: the pass-through's is kafkajs's own cost. */
function processCpu(measurements: readonly Measurement[]): Record<string, number> {
  const cpu = (id: string) => {
    const m = measurements.find((x) => x.id === id);
    return m?.cpuSeconds === undefined ? Number.NaN : Number(m.cpuSeconds.toFixed(2));
  };
  return {
    'pass-through.process CPU s': cpu(PASS_THROUGH_ID),
    'normalizer.process CPU s': cpu('normalizer.end-to-end'),
  };
}

/** The normalizer's own phase counter (normalizer_unit_phase_seconds_total), seconds by phase. */
async function unitPhaseSeconds(registry: NormalizerHandle['registry']): Promise<Record<string, number>> {
  const metric = registry.getSingleMetric('normalizer_unit_phase_seconds_total');
  if (metric === undefined) return {};
  const { values } = await metric.get();
  return Object.fromEntries(values.map((v) => [String(v.labels.phase), v.value]));
}

/**
 * Per-phase times of the normalizer run: plan, produce and commit as the running normalizer timed
 * its units (summed over units; the rest of the wall time is kafkajs fetching and the group), and
 * the plan split into decode, normalize and encode by running them alone, one after the other, on
 * the same raw plays in this process (planBatch in the normalizer's unit size with a fresh
 * dimension cache, as a new normalizer sees them).
 */
function phaseProfile(
  series: RawPlaySeries,
  unit: Readonly<Record<string, number>>,
  wallSeconds: number,
  unitSize: number,
): Record<string, number | string> {
  const values = Array.from({ length: series.count }, (_, i) => codecs.rawPlay.encode(series.at(i)));
  let started = performance.now();
  const decoded = values.map((v) => codecs.rawPlay.decode(v));
  const decode = performance.now() - started;
  started = performance.now();
  for (const raw of decoded) normalizePlay(raw);
  const normalize = performance.now() - started;
  const context = {
    topics: topicsFor('bench-phase.'),
    codecs,
    cache: new DimensionCache({ maxEntries: 50_000, ttlMs: 3_600_000 }),
    service: 'bench',
    now: () => new Date(),
  };
  started = performance.now();
  for (let i = 0; i < values.length; i += unitSize) {
    const unitValues = values.slice(i, i + unitSize);
    planBatch(
      unitValues.map((value, j) => ({ topic: 'raw', partition: 0, offset: String(i + j), key: null, value })),
      context,
    );
  }
  const plan = performance.now() - started;
  const s = (ms: number) => Number((ms / 1000).toFixed(2));
  const live = (phase: string) => Number((unit[phase] ?? Number.NaN).toFixed(2));
  return {
    'normalizer.wall s': Number(wallSeconds.toFixed(2)),
    'normalizer.run':
      'phase seconds summed over units; units of several partitions overlap, so a sum can exceed the wall time',
    'normalizer.run.plan s (decode+normalize+encode)': live('plan'),
    'normalizer.run.produce s (send until acknowledged)': live('produce'),
    'normalizer.run.commit s (offset commit)': live('commit'),
    'normalizer.alone.decode s': s(decode),
    'normalizer.alone.normalize s': s(normalize),
    'normalizer.alone.encode s (plan - decode - normalize)': s(plan - decode - normalize),
    'normalizer.alone.plan s (planBatch, fresh cache)': s(plan),
  };
}
