import { waitUntil } from '@spotify-pipeline/runtime';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { consumerLag } from './consumer-lag.ts';
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

/**
 * Reads `topics` from the beginning, read committed (aborted transactions left out), until a
 * throw-away group has committed up to every partition's end: for transactional topics, whose
 * control records make a message count never reach the log-end offset. `complete` is false when
 * the deadline passed first; what was read by then is returned.
 */
export async function readCommittedToEnd(
  kafka: Kafka,
  topics: readonly string[],
  { timeoutMs }: { timeoutMs: number },
): Promise<{ messages: ReadMessage[]; complete: boolean }> {
  const groupId = uniqueName('reader');
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
  const admin = kafka.admin();
  const messages: ReadMessage[] = [];
  await admin.connect();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        messages.push({ topic, partition, message });
      },
    });
    const complete = await waitUntil(async () => (await consumerLag(admin, groupId, topics)) === 0, {
      what: `${topics.join(', ')} read to the end`,
      timeoutMs,
      intervalMs: 250,
    }).then(
      () => true,
      () => false,
    );
    return { messages, complete };
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
