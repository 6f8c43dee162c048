import type { Admin, ITopicConfig } from 'kafkajs';
import { type TopicDrift, topicDrift } from './check-topics.ts';
import { type TopicSpec, topicConfigEntries } from './topics.ts';

export type { TopicDrift };

export interface EnsureTopicsResult {
  readonly created: readonly string[];
  readonly drift: readonly TopicDrift[];
}

/**
 * Creates the declared topics that are missing and reports how existing ones differ from their
 * declaration. It never alters an existing topic: changing partitions or cleanup policy of a live
 * topic changes key placement or deletes data, which is an operator's decision, not a start-up's.
 */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  { replicationFactor = 1 }: { replicationFactor?: number } = {},
): Promise<EnsureTopicsResult> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length > 0) {
    const topics: ITopicConfig[] = missing.map((s) => ({
      topic: s.name,
      numPartitions: s.partitions,
      replicationFactor,
      configEntries: Object.entries(topicConfigEntries(s)).map(([name, value]) => ({ name, value })),
    }));
    // Another instance may create the same topic at the same moment; that is not an error.
    await admin.createTopics({ topics, waitForLeaders: true }).catch((error: unknown) => {
      if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
    });
  }
  const present = specs.filter((s) => existing.has(s.name));
  return { created: missing.map((s) => s.name), drift: await topicDrift(admin, present) };
}
