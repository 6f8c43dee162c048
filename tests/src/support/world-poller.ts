import { randomBytes } from 'node:crypto';
import { loadPollerConfig, type PollerHandle, type PollHook, startPoller } from '@spotify-pipeline/poller';
import { deleteRedisPrefix, TEST_REDIS_URL } from '@spotify-pipeline/poller/testing';
import { type Closer, createLogger, createMetricsRegistry, waitUntil } from '@spotify-pipeline/runtime';
import type { SpotifySim } from '@spotify-pipeline/spotify-sim';
import { testLogLevel } from '@spotify-pipeline/test-support';
import type { Registry } from 'prom-client';
import { TEST_BROKERS } from './kafka.ts';
import type { PipelineWorld } from './pipeline-world.ts';

/**
 * Each poll's start and end per account and whether it succeeded, in the order the poller's hook
 * reported them. "A poll after X" means a successful one (see the poller's PollTracker).
 */
export class PollLog {
  readonly polls: { accountId: string; start: number; end: number; succeeded: boolean }[] = [];
  readonly #open = new Map<string, number>();
  #seq = 0;

  readonly onPoll: PollHook = (accountId, phase, succeeded = false) => {
    this.#seq += 1;
    if (phase === 'start') this.#open.set(accountId, this.#seq);
    else {
      const start = this.#open.get(accountId) ?? this.#seq;
      this.polls.push({ accountId, start, end: this.#seq, succeeded });
      this.#open.delete(accountId);
    }
  };

  get mark(): number {
    return this.#seq;
  }

  /** Waits until a successful poll of the account that started after `mark` has ended. */
  async pollAfter(accountId: string, mark: number, timeoutMs = 30_000): Promise<void> {
    await waitUntil(
      () => this.polls.some((p) => p.accountId === accountId && p.start > mark && p.succeeded),
      { what: `a successful poll of ${accountId} after mark ${mark}`, timeoutMs, intervalMs: 20 },
    );
  }
}

export interface WorldPoller {
  readonly handle: PollerHandle;
  readonly registry: Registry;
  readonly log: PollLog;
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
  const log = new PollLog();
  const handle = await startPoller(config, {
    logger: createLogger('poller', logLevel),
    registry,
    onPoll: log.onPoll,
  });
  closer.add('poller', () => handle.stop());
  return { handle, registry, log, redisPrefix };
}
