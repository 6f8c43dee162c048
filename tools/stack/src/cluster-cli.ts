import { ConfigError } from '@spotify-pipeline/runtime';
import { clusterFromEnv } from './config.ts';
import { PrerequisiteError, ServiceStartError } from './errors/index.ts';

// `npm run stack:cluster -- up|down|status`: the local 3-broker KRaft cluster, beside the single
// broker of `stack up` (which keeps 9092). Point the services at it with
// KAFKA_BROKERS=127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094.

const USAGE = 'usage: node tools/stack/src/cluster-cli.ts up|down|status';

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
