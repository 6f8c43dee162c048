import type { Admin } from 'kafkajs';

/**
 * Messages of `topic` that `groupId` has committed as done: the sum over partitions of the
 * committed offset (a partition without a commit counts 0). A group that commits only after its
 * outputs are acknowledged has, at this count, finished that many inputs, repeats or not.
 */
export async function committedCount(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (entry?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}
