import { randomBytes } from 'node:crypto';
import { loadPollerConfig, type PollerHandle, startPoller } from '@spotify-pipeline/poller';
import { deleteRedisPrefix, PollTracker, TEST_REDIS_URL } from '@spotify-pipeline/poller/testing';
import { type Closer, createLogger, createMetricsRegistry } from '@spotify-pipeline/runtime';
import type { SpotifySim } from '@spotify-pipeline/spotify-sim';
import { testLogLevel } from '@spotify-pipeline/test-support';
import type { Registry } from 'prom-client';
import { TEST_BROKERS } from './kafka.ts';
import type { PipelineWorld } from './pipeline-world.ts';

export interface WorldPoller {
  readonly handle: PollerHandle;
  readonly registry: Registry;
  /** The poller's polls, as its hook reports them. */
  readonly log: PollTracker;
  readonly redisPrefix: string;
}

/**
 * A poller on this world's topics, pointed at the simulator, with its Redis prefix, state groups and
 * the poller itself released by `closer` (the poller first).
 */
export async function startWorldPoller(
  world: PipelineWorld,
  sim: SpotifySim,
  closer: Closer,
  env: Record<string, string> = {},
): Promise<WorldPoller> {
  const redisPrefix = `${world.kafka.prefix.slice(0, -1)}.redis`;
  closer.add('redis keys', () => deleteRedisPrefix(redisPrefix));
  closer.add('poller state groups', async () => {
    const { admin } = world.kafka;
    const ours = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => g.startsWith(world.kafka.prefix));
    if (ours.length > 0) await admin.deleteGroups(ours).catch(() => undefined);
  });
  const logLevel = testLogLevel();
  const config = loadPollerConfig({
    KAFKA_BROKERS: TEST_BROKERS.join(','),
    REDIS_URL: TEST_REDIS_URL,
    TOPIC_PREFIX: world.kafka.prefix,
    REDIS_PREFIX: redisPrefix,
    ...sim.clientEnv(),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    POLL_INTERVAL_ACTIVE_MS: '200',
    POLL_INTERVAL_IDLE_MS: '400',
    POLLER_RECONCILE_INTERVAL_MS: '1000',
    POLLER_RATE_LIMIT_MAX: '200',
    POLLER_CONCURRENCY: '4',
    POLLER_INSTANCE_ID: world.kafka.prefix.slice(0, -1),
    LOG_LEVEL: logLevel,
    HTTP_PORT: '0',
    ...env,
  });
  const registry = createMetricsRegistry('poller');
  const log = new PollTracker();
  const handle = await startPoller(config, {
    logger: createLogger('poller', logLevel),
    registry,
    onPoll: log.onPoll,
  });
  closer.add('poller', () => handle.stop());
  return { handle, registry, log, redisPrefix };
}
