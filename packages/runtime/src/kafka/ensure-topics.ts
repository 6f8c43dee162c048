import type { Admin, ITopicConfig } from 'kafkajs';
import kafkajs from 'kafkajs';

// kafkajs is CommonJS; Node's ESM loader cannot see its enums as named exports.
const { ConfigResourceTypes } = kafkajs;
import { type TopicSpec, topicConfigEntries } from './topics.ts';

export interface TopicDrift {
  readonly topic: string;
  readonly setting: string;
  readonly declared: string;
  readonly actual: string;
}

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

async function topicDrift(admin: Admin, specs: readonly TopicSpec[]): Promise<TopicDrift[]> {
  if (specs.length === 0) return [];
  const drift: TopicDrift[] = [];
  const metadata = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: specs.map((s) => ({ type: ConfigResourceTypes.TOPIC, name: s.name })),
  });
  for (const spec of specs) {
    const partitions = metadata.topics.find((t) => t.name === spec.name)?.partitions.length ?? 0;
    if (partitions !== spec.partitions) {
      drift.push({ topic: spec.name, setting: 'partitions', declared: String(spec.partitions), actual: String(partitions) });
    }
    const entries = configs.resources.find((r) => r.resourceName === spec.name)?.configEntries ?? [];
    for (const [setting, declared] of Object.entries(topicConfigEntries(spec))) {
      const actual = entries.find((e) => e.configName === setting)?.configValue ?? '(unset)';
      if (actual !== declared) drift.push({ topic: spec.name, setting, declared, actual });
    }
  }
  return drift;
}
