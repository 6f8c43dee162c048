import { codecs } from '@spotify-pipeline/avro';
import { waitUntil } from '@spotify-pipeline/runtime';
import type { Admin, Kafka } from 'kafkajs';
import { topicEnd } from './topic-end.ts';

/**
 * Reads a fact topic from the start and counts its messages and its distinct (account_id,
 * played_at) keys: an at-least-once producer may repeat a fact, which the warehouse keeps once.
 */
export async function countDistinctFacts(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  groupId: string,
): Promise<{ messages: number; distinct: number }> {
  const end = await topicEnd(admin, topic);
  const keys = new Set<string>();
  let messages = 0;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          messages += 1;
          if (m.value === null) continue;
          const fact = codecs.playFact.decode(m.value);
          keys.add(`${fact.account_id}\u0000${fact.played_at.getTime()}`);
        }
      },
    });
    await waitUntil(() => messages >= end, {
      what: `reading ${end} messages of ${topic}`,
      timeoutMs: 120_000,
      intervalMs: 50,
    });
  } finally {
    await consumer.disconnect();
  }
  return { messages, distinct: keys.size };
}
