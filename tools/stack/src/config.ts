import { resolve } from 'node:path';
import { envInt, kafkaEnv, parseEnv, redisEnv, topicsEnv, warehouseEnv } from '@spotify-pipeline/runtime';
import { z } from 'zod';
import { KafkaCluster } from './kafka-cluster.ts';
import { parseHostPort } from './port.ts';

/** The repository root: tools/stack/src → ../../.. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** Variables only the stack tool reads. */
export const stackEnv = {
  /** Jars, config, data, logs and pid of the local broker. Another folder (and ports) gives a second broker. */
  STACK_CACHE_DIR: z.string().min(1).default(resolve(REPO_ROOT, '.cache/kafka')),
  /** -Xmx of the broker's JVM. */
  KAFKA_HEAP: z
    .string()
    .regex(/^\d+[kmg]$/i, 'must look like 512m or 1g')
    .default('1g'),
  /** The KRaft controller's port; by default the broker's port + 1. */
  KAFKA_CONTROLLER_PORT: envInt(1, 65535).optional(),
  /** How long `up` waits for the broker to serve partitions. A broker restarted after a crash needs ~13 s. */
  STACK_READY_TIMEOUT_MS: envInt(1_000, 600_000).default(90_000),
  /** How long `down` waits after SIGTERM before SIGKILL. */
  STACK_STOP_TIMEOUT_MS: envInt(1_000, 600_000).default(30_000),
};

export interface StackConfig {
  readonly cacheDir: string;
  readonly pomPath: string;
  readonly templatesDir: string;
  readonly kafkaHost: string;
  readonly kafkaPort: number;
  readonly controllerPort: number;
  readonly heap: string;
  readonly readyTimeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly redisUrl: string;
  readonly databaseUrl: string;
}

export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const parsed = parseEnv({ ...kafkaEnv, ...redisEnv, ...warehouseEnv, ...stackEnv }, env);
  // The local broker is a single node: it listens where the first of KAFKA_BROKERS points.
  const { host, port } = parseHostPort(parsed.KAFKA_BROKERS[0]!, 'KAFKA_BROKERS');
  return {
    cacheDir: resolve(parsed.STACK_CACHE_DIR),
    pomPath: resolve(REPO_ROOT, 'infra/kafka/pom.xml'),
    templatesDir: resolve(REPO_ROOT, 'infra/kafka'),
    kafkaHost: host,
    kafkaPort: port,
    controllerPort: parsed.KAFKA_CONTROLLER_PORT ?? port + 1,
    heap: parsed.KAFKA_HEAP,
    readyTimeoutMs: parsed.STACK_READY_TIMEOUT_MS,
    stopTimeoutMs: parsed.STACK_STOP_TIMEOUT_MS,
    redisUrl: parsed.REDIS_URL,
    databaseUrl: parsed.DATABASE_URL,
  };
}

/** What `topics` reads: the broker and the prefix, `--prefix` standing in for TOPIC_PREFIX. */
export function loadTopicsCliEnv(prefix: string | undefined, env: NodeJS.ProcessEnv = process.env) {
  return parseEnv(
    { ...kafkaEnv, ...topicsEnv },
    prefix === undefined ? env : { ...env, TOPIC_PREFIX: prefix },
  );
}

export type TopicsCliEnv = ReturnType<typeof loadTopicsCliEnv>;

/** Variables only the cluster command (`npm run stack:cluster`) reads. */
export const clusterEnv = {
  /** Jars, cluster id and one folder per node. */
  STACK_CLUSTER_DIR: z.string().min(1).default(`${REPO_ROOT}/.cache/kafka-cluster`),
  /** Client ports of the nodes; each node's controller listens 100 above. */
  KAFKA_CLUSTER_PORTS: z
    .string()
    .default('19092,19093,19094')
    .transform((s) => s.split(',').map((p) => Number(p.trim())))
    .refine((ports) => ports.length >= 1 && ports.every((p) => Number.isInteger(p) && p > 0 && p < 65436), {
      message: 'must be a comma-separated list of ports',
    }),
  /** -Xmx of each node's JVM. */
  KAFKA_CLUSTER_HEAP: z
    .string()
    .regex(/^\d+[kmg]$/i, 'must look like 512m or 1g')
    .default('512m'),
  STACK_READY_TIMEOUT_MS: envInt(1_000, 600_000).default(120_000),
};

export function clusterFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaCluster {
  const parsed = parseEnv(clusterEnv, env);
  return new KafkaCluster({
    cacheDir: parsed.STACK_CLUSTER_DIR,
    pomPath: `${REPO_ROOT}/infra/kafka/pom.xml`,
    templatesDir: `${REPO_ROOT}/infra/kafka`,
    host: '127.0.0.1',
    brokerPorts: parsed.KAFKA_CLUSTER_PORTS,
    heap: parsed.KAFKA_CLUSTER_HEAP,
    readyTimeoutMs: parsed.STACK_READY_TIMEOUT_MS,
    onProgress: (m) => console.error(`[stack] ${m}`),
  });
}
