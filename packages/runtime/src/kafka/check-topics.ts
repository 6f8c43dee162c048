import type { Admin } from 'kafkajs';
import kafkajs from 'kafkajs';

// kafkajs is CommonJS; Node's ESM loader cannot see its enums as named exports.
const { ConfigResourceTypes } = kafkajs;

import { type TopicSpec, topicConfigEntries } from '@spotify-pipeline/avro';

export interface TopicDrift {
  readonly topic: string;
  readonly setting: string;
  readonly declared: string;
  readonly actual: string;
}

export interface CheckTopicsResult {
  /** Declared topics the cluster does not have. */
  readonly missing: readonly string[];
  readonly existing: readonly string[];
  /** How existing topics differ from their declaration. */
  readonly drift: readonly TopicDrift[];
}

/** Compares the declared topics with the cluster without changing anything (e.g. `npm run topics -- --check`). */
export async function checkTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<CheckTopicsResult> {
  const names = new Set(await admin.listTopics());
  const present = specs.filter((s) => names.has(s.name));
  return {
    missing: specs.filter((s) => !names.has(s.name)).map((s) => s.name),
    existing: present.map((s) => s.name),
    drift: await topicDrift(admin, present),
  };
}

/** Partitions and the declared config entries of topics that exist, against their declaration. */
export async function topicDrift(admin: Admin, specs: readonly TopicSpec[]): Promise<TopicDrift[]> {
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
      drift.push({
        topic: spec.name,
        setting: 'partitions',
        declared: String(spec.partitions),
        actual: String(partitions),
      });
    }
    const entries = configs.resources.find((r) => r.resourceName === spec.name)?.configEntries ?? [];
    for (const [setting, declared] of Object.entries(topicConfigEntries(spec))) {
      const actual = entries.find((e) => e.configName === setting)?.configValue ?? '(unset)';
      if (actual !== declared) drift.push({ topic: spec.name, setting, declared, actual });
    }
  }
  return drift;
}
