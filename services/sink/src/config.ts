import {
  type EnvOf,
  envInt,
  kafkaEnv,
  parseEnv,
  serviceEnv,
  topicsEnv,
  warehouseEnv,
} from '@spotify-pipeline/runtime';
import { z } from 'zod';

/** Every variable the sink reads; the shared fragments come from the runtime. */
export const sinkEnv = {
  ...kafkaEnv,
  ...topicsEnv,
  ...serviceEnv,
  ...warehouseEnv,
  /**
   * Consumer group of all sink instances of one deployment; they share the partitions. Defaults to
   * `${TOPIC_PREFIX}spotify-pipeline.sink`: two deployments sharing a cluster (different
   * prefixes) must not share a group, whose members would read different topics.
   */
  SINK_GROUP_ID: z.string().min(1).optional(),
  /** Most records (across all topics and partitions) written in one warehouse transaction. */
  SINK_BATCH_SIZE: envInt(1, 1_000_000).default(20_000),
  /**
   * Longest a batch waits for more records after its first one. A batch is written as soon as every
   * partition of the current fetch has added its records, so this only bounds a slow one.
   */
  SINK_BATCH_LINGER_MS: envInt(0, 60_000).default(200),
  /**
   * Partitions handed to the sink at once. It must cover every partition an instance may own
   * (18 with the declared topics), or a partition waits behind a lingering batch it is not in.
   */
  SINK_PARTITIONS_CONCURRENCY: envInt(1, 1_000).default(32),
  /**
   * Writers of this instance: each is a member of the sink group with its own consumer, batches and
   * transactions, writing in parallel as that many instances would (a partition belongs to one
   * member at a time), and fetching while the others write.
   */
  SINK_WRITERS: envInt(1, 16).default(2),
  /** First wait before writing a batch again after a retriable warehouse error. */
  SINK_RETRY_INITIAL_DELAY_MS: envInt(1, 600_000).default(200),
  /** Longest wait between two attempts while the warehouse stays down (exponential backoff). */
  SINK_RETRY_MAX_DELAY_MS: envInt(1, 600_000).default(30_000),
  /** On stop, how long the batch in hand may keep retrying before it is abandoned (uncommitted). */
  SINK_STOP_GRACE_MS: envInt(0, 600_000).default(10_000),
  /** Kafka group session: an instance silent for this long loses its partitions. */
  SINK_SESSION_TIMEOUT_MS: envInt(6_000, 300_000).default(30_000),
  /** How often the sink heartbeats, also while a batch is waiting for the warehouse. */
  SINK_HEARTBEAT_INTERVAL_MS: envInt(100, 60_000).default(3_000),
};

export type SinkConfig = Omit<EnvOf<typeof sinkEnv>, 'SINK_GROUP_ID'> & { readonly SINK_GROUP_ID: string };

export function loadSinkConfig(env: NodeJS.ProcessEnv = process.env): SinkConfig {
  const parsed = parseEnv(sinkEnv, env);
  return { ...parsed, SINK_GROUP_ID: parsed.SINK_GROUP_ID ?? `${parsed.TOPIC_PREFIX}spotify-pipeline.sink` };
}
