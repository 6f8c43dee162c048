import type { Admin } from 'kafkajs';

/**
 * Messages in `topics` that `groupId` has not committed yet (a partition it never committed counts
 * from offset 0). Zero means the group has consumed, processed and committed everything written so
 * far: for a sink, that it is in the warehouse; for the normalizer, that its outputs are acknowledged.
 */
export async function consumerLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<number> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  let lag = 0;
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const done = new Map(
      (committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [
        p.partition,
        Math.max(0, Number(p.offset)),
      ]),
    );
    for (const { partition, high } of ends) lag += Number(high) - (done.get(partition) ?? 0);
  }
  return lag;
}

/** Messages ever written to a topic: the sum of its partitions' log-end offsets. */
export async function logEndTotal(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
}
