import assert from 'node:assert/strict';
import { test } from 'node:test';
import { topicsFor } from '@spotify-pipeline/avro';
import { TEST_BROKERS, uniqueName } from '@spotify-pipeline/test-support';
import { createLogger } from '../logger.ts';
import { createKafka } from './client.ts';
import { ensureTopics } from './ensure-topics.ts';

// KRaft answers UNKNOWN_TOPIC_OR_PARTITION for a moment after a create returned; ensureTopics used
// to fail at random on that. Creating many prefixes back to back gives the race room to show.
test('ensureTopics returns only when every partition of every created topic has a leader', async (t) => {
  const kafka = createKafka({
    brokers: [...TEST_BROKERS],
    clientId: 'ensure-topics-test',
    logger: createLogger('ensure-topics-test', 'warn'),
  });
  const admin = kafka.admin();
  await admin.connect();
  const created: string[] = [];
  t.after(async () => {
    await admin.deleteTopics({ topics: created }).catch(() => undefined);
    await admin.disconnect();
  });

  for (let round = 0; round < 10; round += 1) {
    const spec = topicsFor(`${uniqueName('ensure')}.`);
    const specs = [spec.rawPlays, spec.plays];
    const result = await ensureTopics(admin, specs);
    created.push(...result.created);
    assert.deepEqual([...result.created].sort(), specs.map((s) => s.name).sort());

    const { topics } = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) });
    for (const s of specs) {
      const meta = topics.find((m) => m.name === s.name);
      assert.equal(meta?.partitions.length, s.partitions, `${s.name} partitions`);
      assert.ok(
        meta.partitions.every((p) => p.leader >= 0),
        `${s.name} has a leader on every partition`,
      );
    }

    const again = await ensureTopics(admin, specs);
    assert.deepEqual(again.created, [], 'a second call creates nothing');
    assert.deepEqual(again.drift, [], 'and finds no drift');
  }
});
