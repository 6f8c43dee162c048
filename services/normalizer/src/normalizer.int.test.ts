import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { codecs } from '@spotify-pipeline/avro';
import { createKafka, createLogger, topicsFor, waitUntil } from '@spotify-pipeline/runtime';
import { TEST_BROKERS, uniqueName } from '@spotify-pipeline/test-support';
import type { Admin, Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import kafkajs from 'kafkajs';
import { loadNormalizerConfig } from './config.ts';
import { type RawPlayOverrides, rawPlayFixture } from './raw-play.fixture.ts';
import { type NormalizerHandle, startNormalizer } from './start.ts';

const { Partitioners } = kafkajs;
const BROKERS = TEST_BROKERS.join(',');
const TIMEOUT_MS = 30_000;

/** Everything one output consumer has read, by topic, in order. */
type Seen = Map<string, KafkaMessage[]>;

const headerText = (headers: IHeaders | undefined, name: string) => headers?.[name]?.toString();

describe('normalizer against the real broker', () => {
  const suffix = uniqueName('x').slice('t_x_'.length);
  const prefix = `t_normalizer_${suffix}.`;
  const groupId = `t_normalizer_${suffix}`;
  const readerGroupId = `t_normalizer_reader_${suffix}`;
  const topics = topicsFor(prefix);
  const outputTopics = [
    topics.artists,
    topics.albums,
    topics.tracks,
    topics.accounts,
    topics.plays,
    topics.deadLetter,
  ];
  const logger = createLogger('normalizer-test', 'warn');
  const config = loadNormalizerConfig({
    KAFKA_BROKERS: BROKERS,
    TOPIC_PREFIX: prefix,
    NORMALIZER_GROUP_ID: groupId,
    LOG_LEVEL: 'warn',
    HTTP_PORT: '0',
  });
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let reader: Consumer;
  let handle: NormalizerHandle | undefined;
  const seen: Seen = new Map();
  const read = (topic: string) => seen.get(topic) ?? [];

  const produce = (messages: { key: string; value: Buffer }[]) =>
    producer.send({ topic: topics.rawPlays.name, acks: -1, messages });
  const play = (overrides: RawPlayOverrides) => ({
    key: 'account-1',
    value: codecs.rawPlay.encode(rawPlayFixture(overrides)),
  });

  before(async () => {
    kafka = createKafka({ brokers: BROKERS.split(','), clientId: prefix, logger });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
  });

  after(async () => {
    await handle?.stop();
    await reader?.disconnect();
    await producer?.disconnect();
    await admin
      .deleteTopics({ topics: [topics.rawPlays, ...outputTopics].map((t) => t.name) })
      .catch(() => undefined);
    await admin.deleteGroups([groupId, readerGroupId]).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates its topics, joins its group and says it is ready', async () => {
    handle = await startNormalizer(config, { logger });
    const listed = new Set(await admin.listTopics());
    for (const spec of [topics.rawPlays, ...outputTopics])
      assert.ok(listed.has(spec.name), `${spec.name} created`);
    await waitUntil(async () => (await fetch(`${handle?.opsUrl}/readyz`)).status === 200, {
      what: 'the normalizer to be ready',
      timeoutMs: TIMEOUT_MS,
    });

    reader = kafka.consumer({ groupId: readerGroupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
    await reader.connect();
    await reader.subscribe({ topics: outputTopics.map((t) => t.name), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        seen.set(topic, [...read(topic), message]);
      },
    });
  });

  it('splits plays into facts and dimensions, dead-letters poison with reasons, and goes on after it', async () => {
    const unknownFingerprint = Buffer.from([
      0xc3, 0x01, 0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef, 0x02,
    ]);
    const batchOne = [
      play({ played_at: new Date('2024-03-31T00:59:00Z') }),
      play({ played_at: new Date('2024-03-31T01:00:00Z') }), // the same track again
      play({ track: { id: null, is_local: true, uri: 'spotify:local:Artist:Album:Song:200' } }),
      { key: 'account-1', value: Buffer.from('definitely not avro') },
      { key: 'account-1', value: unknownFingerprint },
    ];
    await produce(batchOne);

    // Committed means acknowledged: the moment the group's offset covers the batch, its outputs are
    // already in the output logs.
    await waitUntil(async () => (await committedTotal()) === batchOne.length, {
      what: 'the normalizer to commit the first batch',
      timeoutMs: TIMEOUT_MS,
    });
    assert.equal(await logEndTotal(topics.plays.name), 2, 'facts acknowledged before the commit');
    assert.equal(await logEndTotal(topics.deadLetter.name), 3, 'dead letters acknowledged before the commit');

    // After the poison: the same track a third time (a later unit, so the cache must skip it) and a new one.
    await produce([
      play({ played_at: new Date('2024-03-31T02:00:00Z') }),
      play({
        played_at: new Date('2024-03-31T03:00:00Z'),
        track: {
          id: 'track-2',
          uri: 'spotify:track:track-2',
          name: 'Song Two',
          artists: [{ id: 'artist-c', uri: 'spotify:artist:artist-c', name: 'Artist C' }],
          album: { id: 'album-2', uri: 'spotify:album:album-2', name: 'Album Two', artists: [] },
        },
      }),
    ]);
    await waitUntil(() => read(topics.plays.name).length >= 4 && read(topics.deadLetter.name).length >= 3, {
      what: 'four facts and three dead letters',
      timeoutMs: TIMEOUT_MS,
    });
    await waitUntil(async () => (await committedTotal()) === batchOne.length + 2, {
      what: 'the normalizer to commit everything',
      timeoutMs: TIMEOUT_MS,
    });

    const facts = read(topics.plays.name).map((m) => ({
      key: m.key?.toString(),
      ...codecs.playFact.decode(m.value as Buffer),
    }));
    assert.deepEqual(
      facts.map((f) => [f.key, f.track_id, f.played_at.toISOString(), f.local_date_key, f.local_time_key]),
      [
        ['account-1', 'track-1', '2024-03-31T00:59:00.000Z', 20240331, 159],
        ['account-1', 'track-1', '2024-03-31T01:00:00.000Z', 20240331, 300],
        ['account-1', 'track-1', '2024-03-31T02:00:00.000Z', 20240331, 400],
        ['account-1', 'track-2', '2024-03-31T03:00:00.000Z', 20240331, 500],
      ],
    );

    const keys = (topic: string) =>
      read(topic)
        .map((m) => m.key?.toString())
        .sort();
    assert.deepEqual(keys(topics.tracks.name), ['track-1', 'track-2']);
    assert.deepEqual(keys(topics.artists.name), ['artist-a', 'artist-b', 'artist-c']);
    assert.deepEqual(keys(topics.albums.name), ['album-1', 'album-2']);
    assert.deepEqual(keys(topics.accounts.name), ['account-1']);
    const track2 = read(topics.tracks.name).find((m) => m.key?.toString() === 'track-2');
    assert.deepEqual(codecs.track.decode(track2?.value as Buffer).artist_ids, ['artist-c']);

    const dead = read(topics.deadLetter.name);
    assert.equal(dead.length, 3);
    assert.deepEqual(
      dead.map((m) => headerText(m.headers, 'dlq.reason')),
      ['local-track', 'undecodable', 'undecodable'],
    );
    assert.deepEqual(
      dead.map((m) => m.value),
      [batchOne[2]?.value, batchOne[3]?.value, batchOne[4]?.value],
      'the original bytes',
    );
    const rawOffsets = dead.map((m) => Number(headerText(m.headers, 'dlq.offset')));
    assert.deepEqual(rawOffsets, [rawOffsets[0], (rawOffsets[0] ?? 0) + 1, (rawOffsets[0] ?? 0) + 2]);
    for (const m of dead) {
      assert.equal(m.key?.toString(), 'account-1', 'the original key');
      assert.equal(headerText(m.headers, 'dlq.topic'), topics.rawPlays.name);
      assert.match(headerText(m.headers, 'dlq.partition') ?? '', /^\d+$/);
      assert.equal(headerText(m.headers, 'dlq.service'), 'normalizer');
      assert.ok(!Number.isNaN(Date.parse(headerText(m.headers, 'dlq.at') ?? '')), 'dlq.at is a time');
      assert.ok((headerText(m.headers, 'dlq.detail') ?? '').length > 0, 'dlq.detail says why');
    }
    assert.match(headerText(dead[2]?.headers, 'dlq.detail') ?? '', /deadbeefdeadbeef|efbeaddeefbeadde/i);

    const metrics = await (await fetch(`${handle?.opsUrl}/metrics`)).text();
    assert.match(metrics, /normalizer_facts_produced_total\{service="normalizer"\} 4/);
    assert.match(metrics, /normalizer_dimensions_skipped_total\{kind="track",service="normalizer"\} 2/);
    assert.match(metrics, /normalizer_dead_lettered_total\{reason="undecodable",service="normalizer"\} 2/);
  });

  it('stops gracefully with every consumed offset committed, and a restart resumes after them', async () => {
    await handle?.stop();
    await handle?.stop(); // idempotent
    const produced = await logEndTotal(topics.rawPlays.name);
    assert.equal(await committedTotal(), produced, 'the committed offsets cover everything produced');

    handle = await startNormalizer(config, { logger });
    await produce([play({ played_at: new Date('2024-03-31T04:00:00Z') })]);
    await waitUntil(async () => (await committedTotal()) === produced + 1, {
      what: 'the restarted normalizer to commit the new play',
      timeoutMs: TIMEOUT_MS,
    });
    await waitUntil(() => read(topics.plays.name).length >= 5, {
      what: 'the fifth fact',
      timeoutMs: TIMEOUT_MS,
    });
    // Nothing committed before the restart was normalized again.
    assert.equal(await logEndTotal(topics.plays.name), 5);
    assert.equal(await logEndTotal(topics.deadLetter.name), 3);
  });

  /** The normalizer group's committed offsets on the raw topic, summed (a partition never committed counts 0). */
  async function committedTotal(): Promise<number> {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topics.rawPlays.name] });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  }

  /** Messages ever written to a topic: the sum of its partitions' log-end offsets. */
  async function logEndTotal(topic: string): Promise<number> {
    const partitions = await admin.fetchTopicOffsets(topic);
    return partitions.reduce((sum, p) => sum + Number(p.high), 0);
  }
});
