import { ConfigError, envInt, parseEnv } from '@spotify-pipeline/runtime';
import { z } from 'zod';
import { REPO_ROOT } from './config.ts';
import { PrerequisiteError, ServiceStartError } from './errors/index.ts';
import { KafkaCluster } from './kafka-cluster.ts';

// `npm run stack:cluster -- up|down|status`: the local 3-broker KRaft cluster, beside the single
// broker of `stack up` (which keeps 9092). Point the services at it with
// KAFKA_BROKERS=127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094.

const USAGE = 'usage: node tools/stack/src/cluster-cli.ts up|down|status';

/** Variables only the cluster command reads. */
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

async function main(): Promise<number> {
  const command = process.argv[2] ?? '';
  if (!['up', 'down', 'status'].includes(command) || process.argv.length > 3) {
    console.error(USAGE);
    return 2;
  }
  try {
    const cluster = clusterFromEnv();
    if (command === 'up') {
      const { started, readyAfterMs } = await cluster.start();
      console.log(
        `kafka cluster ready in ${(readyAfterMs / 1000).toFixed(1)} s (started nodes: ${started.join(', ') || 'none, all running'})`,
      );
      console.log(`KAFKA_BROKERS=${cluster.brokers.join(',')}`);
    } else if (command === 'down') {
      await cluster.stop();
      console.log('kafka cluster stopped');
    } else {
      for (const node of await cluster.status())
        console.log(
          `node ${node.id}  ${node.address}  ${node.pid === undefined ? 'down' : `pid ${node.pid}`}`,
        );
    }
    return 0;
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof PrerequisiteError ||
      error instanceof ServiceStartError
    ) {
      console.error(`stack:cluster ${command}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (import.meta.main) process.exitCode = await main();
