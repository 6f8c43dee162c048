import { codecs } from '@spotify-pipeline/avro';
import { loadNormalizerConfig, startNormalizer } from '@spotify-pipeline/normalizer';
import { ensureTopics, type TopicSpec, topicsFor, waitUntil } from '@spotify-pipeline/runtime';
import type { BenchWorld } from '../bench-world.ts';
import type { RawPlaySeries } from '../data/raw-play-series.ts';
import { countDistinctFacts } from '../kafka/distinct-facts.ts';
import { committedCount } from '../kafka/group-progress.ts';
import { PassThrough } from '../kafka/pass-through.ts';
import { produceAll } from '../kafka/produce-all.ts';
import { topicEnd } from '../kafka/topic-end.ts';
import { RssSampler } from '../measure/rss-sampler.ts';
import { type Check, type Measurement, PASS_THROUGH_ID } from '../report/results.ts';

const RUN_TIMEOUT_MS = 10 * 60_000;

export interface NormalizerSuiteResult {
  readonly measurements: Measurement[];
  readonly checks: Check[];
}

/**
 * Raw plays on a fresh raw topic; then, each in its own group, a bare forwarder of the same bytes
 * (the ceiling) and the in-process normalizer, each timed from start until its output topic holds
 * one message per raw play.
 */
export async function runNormalizerSuite(
  world: BenchWorld,
  series: RawPlaySeries,
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
      world.groupId('pass-through'),
      topics.rawPlays.name,
      series.count,
      'pass-through',
      async () => {
        await passThrough.start();
        return () => passThrough.stop();
      },
      {
        id: PASS_THROUGH_ID,
        name: 'baseline: consume-and-forward pass-through (same batching)',
        compareWith: 'pass-through',
      },
    ),
  );
  measurements.push(
    await timeUntilDone(
      world,
      config.NORMALIZER_GROUP_ID,
      topics.rawPlays.name,
      series.count,
      'normalizer',
      async () => {
        const handle = await startNormalizer(config, { logger: world.logger });
        return () => handle.stop();
      },
      {
        id: 'normalizer.end-to-end',
        name: 'normalizer end to end (raw plays in, facts out)',
        compareWith: 'pass-through',
      },
    ),
  );
  const dead = await topicEnd(world.admin, topics.deadLetter.name);
  const facts = await countDistinctFacts(
    world.kafka,
    world.admin,
    topics.plays.name,
    world.groupId('fact-count'),
  );
  return {
    measurements,
    checks: [
      {
        name: 'normalizer: one distinct fact per raw play, nothing dead-lettered',
        ok: facts.distinct === series.count && dead === 0,
        detail: `${facts.distinct} distinct facts for ${series.count} raw plays (${facts.messages - facts.distinct} repeated: at least once), ${dead} dead letters`,
      },
    ],
  };
}

/**
 * Times `start()` until `groupId` has committed every input of `inputTopic`. Both the normalizer
 * and the pass-through commit a unit only after the broker acknowledged its outputs, so this is
 * "every output written" and, unlike counting output messages, is not fooled by repeated units.
 */
async function timeUntilDone(
  world: BenchWorld,
  groupId: string,
  inputTopic: string,
  expected: number,
  what: string,
  start: () => Promise<() => Promise<void>>,
  label: Pick<Measurement, 'id' | 'name' | 'compareWith'>,
): Promise<Measurement> {
  const sampler = new RssSampler().start();
  const started = performance.now();
  const stop = await start();
  let seconds: number;
  let peakRssBytes: number;
  try {
    await waitUntil(async () => (await committedCount(world.admin, groupId, inputTopic)) >= expected, {
      what: `the ${what} to commit all ${expected} messages of ${inputTopic}`,
      timeoutMs: RUN_TIMEOUT_MS,
      intervalMs: 100,
    });
    seconds = (performance.now() - started) / 1000;
  } finally {
    peakRssBytes = sampler.stop();
    await stop();
  }
  return { ...label, rows: expected, seconds, peakRssBytes };
}
