import { type TopicSpec, topicConfigEntries } from '@spotify-pipeline/avro';
import type { Admin, ITopicConfig } from 'kafkajs';
import { waitUntil } from '../wait-until.ts';
import { type TopicDrift, topicDrift } from './check-topics.ts';

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
    await admin.createTopics({ topics, waitForLeaders: false }).catch((error: unknown) => {
      if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
    });
    await waitForLeaders(
      admin,
      missing.map((s) => s.name),
    );
  }
  const present = specs.filter((s) => existing.has(s.name));
  return { created: missing.map((s) => s.name), drift: await topicDrift(admin, present) };
}

/**
 * Waits until every partition of the topics has a leader. kafkajs's own `waitForLeaders` retries
 * only LEADER_NOT_AVAILABLE, but a KRaft broker answers UNKNOWN_TOPIC_OR_PARTITION for a moment
 * after the create returned (its metadata cache lags the controller), which failed callers at random.
 */
async function waitForLeaders(admin: Admin, topics: readonly string[], timeoutMs = 30_000): Promise<void> {
  await waitUntil(
    async () => {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
      return metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
    },
    {
      what: `leaders for every partition of ${topics.join(', ')}`,
      timeoutMs,
      intervalMs: 100,
      isTransient: (error) => (error as { retriable?: unknown }).retriable === true,
    },
  );
}
