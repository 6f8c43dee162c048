import { codecs, type RawPlay } from '@spotify-pipeline/avro';
import { createKafka, topicsFor, waitUntil } from '@spotify-pipeline/runtime';
import type { PollerConfig } from '../config.ts';
import { silentLogger } from './harness.ts';

export interface RawTopicContents {
  readonly plays: RawPlay[];
  /** Offsets (`partition@offset`) whose value did not decode as a RawPlay: kept, never skipped. */
  readonly undecodable: string[];
}

/**
 * Everything committed on the raw topic, read from the beginning up to the end offsets it has when
 * called. Meant for after the poller stopped: then the end no longer moves, so "read to the end"
 * means every message, and a late duplicate cannot arrive after the assertion. Read committed, like
 * the normalizer; an open transaction would hold the reader below its end and time it out.
 */
export async function readRawTopicToEnd(
  config: PollerConfig,
  id: string,
  timeoutMs = 60_000,
): Promise<RawTopicContents> {
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: `end-reader-${id}`,
    logger: silentLogger(),
  });
  const topic = topicsFor(config.TOPIC_PREFIX).rawPlays.name;
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `test-poller-end-reader-${id}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
  try {
    // Next offset still to read, per partition; a partition is done when it reaches its end.
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
    const next = new Map<number, number>();
    const plays: RawPlay[] = [];
    const undecodable: string[] = [];
    // A batch holding only a transaction's commit marker reaches no eachMessage; this event still reports it.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.topic !== topic) return;
      next.set(payload.partition, Math.max(next.get(payload.partition) ?? 0, Number(payload.lastOffset) + 1));
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        try {
          plays.push(codecs.rawPlay.decode(message.value!));
        } catch {
          undecodable.push(`${partition}@${message.offset}`);
        }
      },
    });
    await waitUntil(() => [...ends].every(([partition, end]) => (next.get(partition) ?? 0) >= end), {
      what: `${topic} read to its end offsets`,
      timeoutMs,
      intervalMs: 50,
    });
    return { plays, undecodable };
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
