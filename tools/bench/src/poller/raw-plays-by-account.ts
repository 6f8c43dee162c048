import { codecs } from '@spotify-pipeline/avro';
import { waitUntil } from '@spotify-pipeline/runtime';
import type { Kafka } from 'kafkajs';

/**
 * `played_at` (unix ms) of every play on the raw topic, by account, read committed from the start
 * to the end offsets it has when called (after the poller stopped, so the end no longer moves).
 */
export async function rawPlaysByAccount(
  kafka: Kafka,
  topic: string,
  groupId: string,
  timeoutMs = 120_000,
): Promise<{ plays: Map<string, number[]>; undecodable: number }> {
  const admin = kafka.admin();
  await admin.connect();
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
  try {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
    const next = new Map<number, number>();
    // A batch holding only a transaction's commit marker reaches no eachBatch message; this still reports it.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      next.set(payload.partition, Math.max(next.get(payload.partition) ?? 0, Number(payload.lastOffset) + 1));
    });
    const plays = new Map<string, number[]>();
    let undecodable = 0;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          try {
            const play = codecs.rawPlay.decode(message.value!);
            const list = plays.get(play.account.id);
            if (list) list.push(play.played_at.getTime());
            else plays.set(play.account.id, [play.played_at.getTime()]);
          } catch {
            undecodable += 1;
          }
        }
      },
    });
    await waitUntil(() => [...ends].every(([partition, end]) => (next.get(partition) ?? 0) >= end), {
      what: `${topic} read to its end offsets`,
      timeoutMs,
      intervalMs: 100,
    });
    return { plays, undecodable };
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
