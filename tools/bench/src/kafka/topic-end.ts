import type { Admin } from 'kafkajs';

/** Messages on a topic: the sum of its partitions' end offsets (the bench's topics start at 0). */
export async function topicEnd(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high), 0);
}

/** Each partition's end offset, as `partition -> offset`. */
export async function partitionEnds(admin: Admin, topic: string): Promise<Map<number, bigint>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map((p) => [p.partition, BigInt(p.high)]));
}
