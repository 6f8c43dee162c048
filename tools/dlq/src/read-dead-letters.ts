import type { Kafka } from 'kafkajs';
import { type DeadLetterRecord, toDeadLetterRecord } from './dead-letter-record.ts';

/**
 * Reads the dead-letter topic from its start to the end offsets of the moment of the call, without
 * a consumer group: looking at dead letters must not move anyone's committed offsets.
 */
export async function readDeadLetters(kafka: Kafka, topic: string): Promise<DeadLetterRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(
    ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]),
  );
  const records: DeadLetterRecord[] = [];
  if (remaining.size === 0) return records;

  const consumer = kafka.consumer({ groupId: `dlq-reader-${process.pid}-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const end = remaining.get(partition);
          if (end === undefined) return;
          records.push(toDeadLetterRecord({ partition, ...message }));
          if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
          if (remaining.size === 0) resolve();
        },
      });
    });
    await done;
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
