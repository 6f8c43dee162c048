import { waitUntil } from '@spotify-pipeline/runtime';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { uniqueName } from './unique.ts';

export interface ReadMessage {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
}

/**
 * Reads `topics` from the beginning with a throw-away consumer group until at least `atLeast`
 * messages have arrived (or the deadline passes), then leaves and deletes the group. For asserting
 * on what a service wrote to Kafka.
 */
export async function readTopics(
  kafka: Kafka,
  topics: readonly string[],
  { atLeast, timeoutMs }: { atLeast: number; timeoutMs: number },
): Promise<ReadMessage[]> {
  const groupId = uniqueName('reader');
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
  const seen: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        seen.push({ topic, partition, message });
      },
    });
    await waitUntil(() => seen.length >= atLeast, {
      what: `${atLeast} messages on ${topics.join(', ')}`,
      timeoutMs,
      intervalMs: 50,
    });
    return seen;
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
