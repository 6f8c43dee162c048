import { DLQ_HEADERS } from '@spotify-pipeline/avro';
import type { Kafka } from 'kafkajs';
import { type DeadLetterRecord, matches, type ReplayFilter } from './dead-letter-record.ts';

export interface ReplayReport {
  readonly replayed: number;
  readonly byTopic: Record<string, number>;
  /** Dead letters that say nothing of where they came from; they cannot be sent back. */
  readonly withoutSource: number;
}

/**
 * Sends matching dead letters back, byte for byte, to the topic they were rejected from, once the
 * cause is fixed (a new normalizer release, a schema the consumer now knows). Replaying twice is
 * harmless: the warehouse stores each play once.
 */
export async function replayDeadLetters(
  kafka: Kafka,
  records: readonly DeadLetterRecord[],
  filter: ReplayFilter,
): Promise<ReplayReport> {
  const chosen = records.filter((r) => matches(r, filter));
  const withSource = chosen.filter((r) => r.sourceTopic !== undefined);
  const byTopic: Record<string, number> = {};
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (const record of withSource) byTopic[record.sourceTopic!] = (byTopic[record.sourceTopic!] ?? 0) + 1;
    await producer.sendBatch({
      acks: -1,
      topicMessages: Object.keys(byTopic).map((topic) => ({
        topic,
        messages: withSource
          .filter((r) => r.sourceTopic === topic)
          .map((r) => ({
            key: r.key,
            value: r.value,
            headers: {
              [DLQ_HEADERS.replayedFrom]: `${r.partition}:${r.offset}`,
              [DLQ_HEADERS.reason]: r.reason,
            },
          })),
      })),
    });
  } finally {
    await producer.disconnect();
  }
  return { replayed: withSource.length, byTopic, withoutSource: chosen.length - withSource.length };
}
