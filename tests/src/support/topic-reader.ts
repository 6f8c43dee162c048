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

/**
 * Reads `topics` from the beginning, read committed (aborted transactions left out), until the
 * consumer has passed every partition's end offset as it stood at the call: for transactional
 * topics, whose control records make a message count never reach the log-end offset. Positions
 * come from kafkajs's end-of-batch events, which also fire for batches of control records only
 * (a commit or abort marker alone), never from group commits: kafkajs does not commit those.
 * `complete` is false when the deadline passed first; what was read by then is returned.
 */
export async function readCommittedToEnd(
  kafka: Kafka,
  topics: readonly string[],
  { timeoutMs }: { timeoutMs: number },
): Promise<{ messages: ReadMessage[]; complete: boolean }> {
  const groupId = uniqueName('reader');
  const admin = kafka.admin();
  await admin.connect();
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
  const messages: ReadMessage[] = [];
  /** `topic:partition` -> the offset after the last record (data or control) consumed. */
  const position = new Map<string, number>();
  try {
    const ends = new Map<string, number>();
    for (const topic of topics)
      for (const { partition, high } of await admin.fetchTopicOffsets(topic))
        if (Number(high) > 0) ends.set(`${topic}:${partition}`, Number(high));
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const key = `${payload.topic}:${payload.partition}`;
      position.set(key, Math.max(position.get(key) ?? 0, Number(payload.lastOffset) + 1));
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        messages.push({ topic, partition, message });
      },
    });
    const complete = await waitUntil(() => [...ends].every(([key, end]) => (position.get(key) ?? 0) >= end), {
      what: `${topics.join(', ')} read to the end`,
      timeoutMs,
      intervalMs: 100,
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
