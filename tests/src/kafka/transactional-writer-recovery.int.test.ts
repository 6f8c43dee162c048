import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TransactionalWriter } from '@spotify-pipeline/poller';
import { createLogger, waitUntil } from '@spotify-pipeline/runtime';
import { createClusterTopic, privateClusterClient } from '../support/private-cluster.ts';
import { readCommittedToEnd } from '../support/topic-reader.ts';
import { uniqueName } from '../support/unique.ts';

// The poller publishes plays and their cursor in one Kafka transaction. When a commit failed (its
// transaction coordinator gone), kafkajs left the producer in state COMMITTING: the abort that
// followed was refused ("Cannot call abort in state COMMITTING") and so was every later
// transaction, so the poller published nothing more until it was restarted, while /readyz still
// said ready. The writer now replaces a producer whose abort failed. Shown failing first: the old
// writer never wrote again (the wait below hit its deadline).
test('a transaction whose commit fails because every broker died does not stop later transactions', {
  timeout: 600_000,
}, async (t) => {
  const { cluster, kafka, admin, closer } = await privateClusterClient('txn-recovery');
  t.after(() => closer.close());
  const topic = uniqueName('txn-recovery');
  await createClusterTopic(admin, { topic, numPartitions: 1 });
  const writer = new TransactionalWriter(kafka, uniqueName('txn-recovery-id'), createLogger('test', 'fatal'));
  await writer.connect();
  closer.add('writer', () => writer.close());
  // A fresh cluster's transaction coordinator may still be loading its log: the first write waits.
  const writesEventually = (value: string, what: string) =>
    waitUntil(
      () =>
        writer.write([{ topic, messages: [{ key: 'k', value }] }]).then(
          () => true,
          () => false,
        ),
      { what, timeoutMs: 240_000, intervalMs: 1_000 },
    );
  await writesEventually('before', 'a first transaction committed');

  // Every broker dies after the send and before the commit: the commit cannot succeed.
  await assert.rejects(
    writer.write([{ topic, messages: [{ key: 'k', value: 'lost with its transaction' }] }], {
      beforeCommit: async () => {
        for (const node of cluster.nodes) await cluster.kill(node.id);
      },
    }),
  );
  await cluster.start();
  await writesEventually('after', 'a transaction committed after the cluster came back');

  // All or nothing: the failed transaction's message was aborted, never exposed.
  const { messages, complete } = await readCommittedToEnd(kafka, [topic], { timeoutMs: 120_000 });
  assert.ok(complete, 'the topic was read to the end');
  const values = messages.map((m) => m.message.value?.toString());
  assert.ok(values.includes('before'), `read: ${values.join(', ')}`);
  assert.ok(!values.includes('lost with its transaction'), `read: ${values.join(', ')}`);
  assert.ok(values.includes('after'), `read: ${values.join(', ')}`);
});
