import {
  createKafka,
  createKafkaProbe,
  createLogger,
  createMetricsRegistry,
  type Logger,
  type OpsServer,
  startOpsServer,
  untilReachable,
} from '@spotify-pipeline/runtime';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { PollerConfig } from './config.ts';
import { linkRoutes } from './link/link-routes.ts';
import { registerStateGauges } from './metrics.ts';
import { AccountPoller, type PollHooks } from './poll/account-poller.ts';
import { createPollerContext, type PollerContext } from './poller-context.ts';
import type { PollJobData } from './schedule/poll-job.ts';
import { PollLock } from './schedule/poll-lock.ts';
import { PollPace } from './schedule/poll-pace.ts';
import { createPollProcessor, type PollHook } from './schedule/poll-processor.ts';
import { AccountHealth } from './state/account-health.ts';

export interface PollerDeps {
  readonly logger?: Logger;
  readonly registry?: Registry;
  readonly fetch?: typeof fetch;
  /** Test seams (crash injection). */
  readonly hooks?: PollHooks;
  /** Test seam: every poll that holds the account's lock, at start and end. */
  readonly onPoll?: PollHook;
}

export interface PollerHandle {
  /** Base URL of /healthz, /readyz, /metrics, /link and /callback. */
  readonly url: string;
  readonly context: PollerContext;
  stop(): Promise<void>;
}

/**
 * Redis is ready when its connection is and a PING answers. A command sent while the connection is
 * down waits in ioredis's offline queue, so the state is read first rather than waiting on a PING.
 */
async function redisReady(redis: Redis): Promise<boolean> {
  if (redis.status !== 'ready') throw new Error(`connection ${redis.status}`);
  return (await redis.ping()) === 'PONG';
}

export async function startPoller(config: PollerConfig, deps: PollerDeps = {}): Promise<PollerHandle> {
  const logger = deps.logger ?? createLogger('poller', config.LOG_LEVEL);
  const registry = deps.registry ?? createMetricsRegistry('poller');
  // Served from the first moment, before Kafka and Redis answer: a liveness probe sees a live
  // process, and /readyz names what the poller is waiting for.
  const ops: OpsServer = await startOpsServer({
    host: config.HTTP_HOST,
    port: config.HTTP_PORT ?? 0,
    registry,
  });
  const probe = createKafkaProbe(
    createKafka({
      brokers: config.KAFKA_BROKERS,
      clientId: `${config.KAFKA_CLIENT_ID ?? 'poller'}-probe`,
      logger,
    }),
  );
  const releaseOps = async () => {
    await probe.close();
    await ops.close();
  };
  ops.setReadiness({
    startup: () => {
      throw new Error('waiting for Kafka, Redis and the account state');
    },
    kafka: () => probe.check(),
  });
  // A failed attempt leaves its metrics registered; the next attempt registers them again.
  const baseline = new Set(registry.getMetricsAsArray().map((m) => m.name));
  const forgetAttempt = () => {
    for (const { name } of registry.getMetricsAsArray())
      if (!baseline.has(name)) registry.removeSingleMetric(name);
  };
  let context: PollerContext;
  try {
    context = await untilReachable(
      'kafka and redis',
      () => {
        forgetAttempt();
        return createPollerContext(config, {
          logger,
          transactionalId: `${config.TOPIC_PREFIX}poller-${config.POLLER_INSTANCE_ID}`,
          registry,
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
        });
      },
      { logger },
    );
  } catch (error) {
    await releaseOps();
    throw error;
  }
  const { closer, state, redis, keys, metrics, queue, scheduler } = context;
  // The ops server goes last: /readyz answers while the rest stops.
  const stop = async () => {
    await closer.close();
    await releaseOps();
  };
  try {
    const health = new AccountHealth(redis, keys);
    registerStateGauges(registry, state, redis, keys, health);
    const poller = new AccountPoller({
      state,
      writer: context.writer,
      web: context.web,
      redis,
      keys,
      topics: context.topics,
      metrics,
      logger,
      ...(deps.hooks ? { hooks: deps.hooks } : {}),
    });
    const processor = createPollProcessor({
      queue,
      state,
      poller,
      scheduler,
      lock: new PollLock(redis, keys, config.POLLER_LOCK_TTL_MS),
      pace: new PollPace(redis, keys),
      health,
      tokens: context.tokens,
      bounds: { activeMs: config.POLL_INTERVAL_ACTIVE_MS, idleMs: config.POLL_INTERVAL_IDLE_MS },
      metrics,
      logger,
      ...(deps.onPoll ? { onPoll: deps.onPoll } : {}),
    });
    const worker = new Worker<PollJobData>(keys.queueName, processor, {
      connection: redis,
      prefix: keys.bullPrefix,
      concurrency: config.POLLER_CONCURRENCY,
      // Shared by every instance: the limiter lives in Redis with the queue.
      limiter: { max: config.POLLER_RATE_LIMIT_MAX, duration: config.POLLER_RATE_LIMIT_DURATION_MS },
      // A poller that dies mid-poll leaves its job active ("stalled"). A poll is safe to run again
      // (plays and cursor commit in one transaction), so a stalled poll job always goes back to
      // wait; BullMQ's default would fail it on the second stall, and with it the account's
      // schedule. A short lock (renewed while the poll runs) and stall check bring it back within
      // ~20 s, well inside the 25 minutes before plays could leave Spotify's window.
      lockDuration: 15_000,
      stalledInterval: 5_000,
      maxStalledCount: Number.MAX_SAFE_INTEGER,
    });
    worker.on('error', (error) => logger.error({ err: error }, 'poll worker error'));
    // Closing the worker waits for running polls to finish (publish and cursor write included).
    closer.add('poll worker', () => worker.close());
    scheduler.start(config.POLLER_RECONCILE_INTERVAL_MS);
    ops.setReadiness(
      {
        kafka: () => probe.check(),
        redis: () => redisReady(redis),
        state: () => state.loaded,
      },
      {
        // Names every linked account whose polls keep failing, so that none can hide, without
        // failing readiness: one revoked token must not take the poller (and /link) out of service.
        accounts: async () => {
          const linked = new Set(state.accounts().map((a) => a.id));
          const failing = [...(await health.failing())].filter(([id]) => linked.has(id));
          if (failing.length === 0) return undefined;
          return `${failing.length} failing: ${failing
            .map(([id, r]) => `${id} since ${new Date(r.since).toISOString()} (${r.reason}: ${r.lastError})`)
            .join('; ')}`;
        },
      },
    );
    ops.setRoutes(linkRoutes(context.linkFlow, logger));
    logger.info({ url: ops.url, accounts: state.accounts().length }, 'poller started');
    return { url: ops.url, context, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
