import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codecs } from '@spotify-pipeline/avro';
import {
  createKafka,
  createLogger,
  ensureTopics,
  type TopicSpec,
  topicsFor,
  waitUntil,
} from '@spotify-pipeline/runtime';
import { TEST_BROKERS, uniqueName } from '@spotify-pipeline/test-support';
import type { Admin } from 'kafkajs';
import { loadNormalizerConfig } from './config.ts';
import { rawPlayFixture } from './raw-play.fixture.ts';
import { startNormalizer } from './start.ts';

const BROKERS = TEST_BROKERS.join(',');
const TIMEOUT_MS = 30_000;

/** Offsets of `topic` the group has not committed, per partition (a partition never committed counts from 0). */
async function lagByPartition(admin: Admin, groupId: string, topic: string): Promise<number[]> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const done = new Map(
    (committed?.partitions ?? []).map((p) => [p.partition, Math.max(0, Number(p.offset))]),
  );
  return (await admin.fetchTopicOffsets(topic))
    .sort((a, b) => a.partition - b.partition)
    .map(({ partition, high }) => Number(high) - (done.get(partition) ?? 0));
}

// The poller writes raw plays in Kafka transactions: each one ends in a commit marker, an offset no
// consumer ever receives. A normalizer committing "last message + 1" stays one offset short of the
// log end for ever, so its group's lag never reaches zero and a lag alert never clears.
test('raw plays written in transactions: the normalizer commits past the commit markers (lag reaches 0)', async (t) => {
  const suffix = uniqueName('x').slice('t_x_'.length);
  const prefix = `t_normalizer_tx_${suffix}.`;
  const groupId = `t_normalizer_tx_${suffix}`;
  const topics = topicsFor(prefix);
  const logger = createLogger('normalizer-test', 'warn');
  const kafka = createKafka({ brokers: BROKERS.split(','), clientId: prefix, logger });
  const admin = kafka.admin();
  await admin.connect();
  // One hook, in order: node:test runs after-hooks first-registered first.
  let stopNormalizer = async () => {};
  let disconnectProducer = async () => {};
  t.after(async () => {
    await stopNormalizer();
    await disconnectProducer();
    await admin.deleteTopics({ topics: Object.values(topics).map((s) => s.name) }).catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  });
  // Every topic up front, as a deployment has them: this test is about the input's commit markers.
  await ensureTopics(admin, Object.values(topics) as TopicSpec[]);
  const producer = kafka.producer({
    transactionalId: `${prefix}writer`,
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  disconnectProducer = () => producer.disconnect();

  const handle = await startNormalizer(
    loadNormalizerConfig({
      KAFKA_BROKERS: BROKERS,
      TOPIC_PREFIX: prefix,
      NORMALIZER_GROUP_ID: groupId,
      LOG_LEVEL: 'warn',
      HTTP_PORT: '0',
    }),
    { logger },
  );
  stopNormalizer = () => handle.stop();

  // Several transactions over several accounts, so most partitions get data and a marker each.
  for (let tx = 0; tx < 4; tx += 1) {
    const transaction = await producer.transaction();
    await transaction.send({
      topic: topics.rawPlays.name,
      acks: -1,
      messages: Array.from({ length: 6 }, (_, i) => ({
        key: `account-${i}`,
        value: codecs.rawPlay.encode(
          rawPlayFixture({
            account: { id: `account-${i}` },
            played_at: new Date(Date.UTC(2026, 2, 1, 12, tx, i)),
          }),
        ),
      })),
    });
    await transaction.commit();
  }

  await waitUntil(
    async () => (await lagByPartition(admin, groupId, topics.rawPlays.name)).every((lag) => lag === 0),
    {
      what: 'the normalizer group to commit to the end of every raw partition',
      timeoutMs: TIMEOUT_MS,
      intervalMs: 100,
    },
  ).catch(async (error: unknown) => {
    assert.fail(
      `lag per partition stayed ${JSON.stringify(await lagByPartition(admin, groupId, topics.rawPlays.name))}: ${String(error)}`,
    );
  });
});
