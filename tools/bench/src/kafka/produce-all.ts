import type { Message, Producer } from 'kafkajs';

export interface ProduceAllOptions {
  /** Messages per `send` request. */
  readonly batchSize?: number;
  /** Sends in flight at once (the producer is not idempotent, so more than one is allowed). */
  readonly concurrency?: number;
}

/**
 * Produces `count` messages made by `make(i)` to `topic` as fast as kafkajs allows: big batches,
 * several in flight, acks from all in-sync replicas, no compression. Messages are made batch by
 * batch, so a million of them never sit in memory at once.
 */
export async function produceAll(
  producer: Producer,
  topic: string,
  count: number,
  make: (i: number) => Message,
  { batchSize = 5_000, concurrency = 4 }: ProduceAllOptions = {},
): Promise<void> {
  if (!(batchSize >= 1 && concurrency >= 1))
    throw new RangeError('produceAll: batchSize and concurrency must be >= 1');
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const from = next;
      const to = Math.min(count, from + batchSize);
      next = to;
      const messages = new Array<Message>(to - from);
      for (let i = from; i < to; i += 1) messages[i - from] = make(i);
      await producer.send({ topic, messages, acks: -1 });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
