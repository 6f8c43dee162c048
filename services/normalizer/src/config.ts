import { envInt, kafkaEnv, parseEnv, serviceEnv, topicsEnv } from '@spotify-pipeline/runtime';
import { z } from 'zod';

const HOUR_MS = 60 * 60 * 1000;

export const normalizerEnv = {
  ...kafkaEnv,
  ...topicsEnv,
  ...serviceEnv,
  /**
   * Consumer group of the normalizer; every instance of one deployment shares it. Defaults to
   * `${TOPIC_PREFIX}spotify-pipeline.normalizer`, so deployments sharing a cluster never share it.
   */
  NORMALIZER_GROUP_ID: z.string().min(1).optional(),
  /**
   * How many dimension records (artist, album, track, account) are remembered as "emitted
   * unchanged recently", so a re-played track costs one fact message instead of five. 0 turns the
   * cache off (every play re-emits its dimensions; compaction still keeps one per key).
   */
  NORMALIZER_DIMENSION_CACHE_SIZE: envInt(0, 10_000_000).default(50_000),
  /**
   * How long after it was emitted a dimension record is still skipped when seen unchanged. Bounds
   * how long a record lost downstream (a topic recreated, a sink reset) stays missing.
   */
  NORMALIZER_DIMENSION_CACHE_TTL_MS: envInt(1, 7 * 24 * HOUR_MS).default(HOUR_MS),
  /**
   * The most raw plays sent and committed as one unit. A fetched batch larger than this is split, so
   * a stop or a rebalance waits for at most one such unit.
   */
  NORMALIZER_MAX_MESSAGES_PER_SEND: envInt(1, 100_000).default(1_000),
  /** Partitions of the raw topic processed at the same time by one instance. */
  NORMALIZER_PARTITIONS_CONSUMED_CONCURRENTLY: envInt(1, 64).default(3),
  /** Replication factor of the topics created at start when missing (1 for a one-broker cluster). */
  NORMALIZER_TOPIC_REPLICATION_FACTOR: envInt(1, 16).optional(),
};

export type NormalizerConfig = ReturnType<typeof loadNormalizerConfig>;

export function loadNormalizerConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = parseEnv(normalizerEnv, env);
  return {
    ...parsed,
    NORMALIZER_GROUP_ID: parsed.NORMALIZER_GROUP_ID ?? `${parsed.TOPIC_PREFIX}spotify-pipeline.normalizer`,
  };
}
