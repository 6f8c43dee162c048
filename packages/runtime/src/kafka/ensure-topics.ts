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
  { replicationFactor }: { replicationFactor?: number } = {},
): Promise<EnsureTopicsResult> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length > 0) {
    const factor =
      replicationFactor ?? clusterReplicationFactor((await admin.describeCluster()).brokers.length);
    const topics: ITopicConfig[] = missing.map((s) => ({
      topic: s.name,
      numPartitions: s.partitions,
      replicationFactor: factor,
      configEntries: Object.entries({ ...durabilityOf(factor), ...topicConfigEntries(s) }).map(
        ([name, value]) => ({ name, value }),
      ),
    }));
    // Another instance may create the same topic at the same moment; that is not an error.
    await admin.createTopics({ topics, waitForLeaders: false }).catch((error: unknown) => {
      if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
    });
    await waitForTopicLeaders(
      admin,
      missing.map((s) => s.name),
    );
  }
  const present = specs.filter((s) => existing.has(s.name));
  return { created: missing.map((s) => s.name), drift: await topicDrift(admin, present) };
}

/**
 * Replicas a topic gets when its creator does not say: 3 on a cluster of three brokers or more
 * (one may die, and with min.insync.replicas=2 no acknowledged record is lost), else one per
 * broker. The cluster's size is asked at creation, so the same code serves one broker and many.
 */
export function clusterReplicationFactor(brokers: number): number {
  return Math.max(1, Math.min(3, brokers));
}

/**
 * With three replicas, an acks=all write needs two of them: a broker may die without losing an
 * acknowledged record, and writes go on. Fewer replicas keep the broker's default (1).
 */
function durabilityOf(replicationFactor: number): Record<string, string> {
  return replicationFactor >= 3 ? { 'min.insync.replicas': '2' } : {};
}

/**
 * Waits until every partition of the topics has a leader. kafkajs's own `waitForLeaders` retries
 * only LEADER_NOT_AVAILABLE, but a KRaft broker answers UNKNOWN_TOPIC_OR_PARTITION for a moment
 * after the create returned (its metadata cache lags the controller), which failed callers at random.
 * Create with `waitForLeaders: false`, then call this.
 */
export async function waitForTopicLeaders(
  admin: Admin,
  topics: readonly string[],
  timeoutMs = 30_000,
): Promise<void> {
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
