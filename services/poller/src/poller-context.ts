import {
  Closer,
  closeRedis,
  createKafka,
  createMetricsRegistry,
  ensureTopics,
  type Logger,
  type Topics,
  topicsFor,
} from '@spotify-pipeline/runtime';
import { AccessTokenCache, AccountsClient, WebApiClient } from '@spotify-pipeline/spotify-client';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { PollerConfig } from './config.ts';
import { TokenCipher } from './crypto/token-cipher.ts';
import { TransactionalWriter } from './kafka/transactional-writer.ts';
import { LinkFlow } from './link/link-flow.ts';
import { createPollerMetrics, type PollerMetrics } from './metrics.ts';
import { type RedisKeys, redisKeys } from './redis-keys.ts';
import type { PollJobData } from './schedule/poll-job.ts';
import { PollScheduler } from './schedule/poll-scheduler.ts';
import { AccessTokenProvider } from './spotify/access-token-provider.ts';
import { StateStore } from './state/state-store.ts';

export interface PollerContext {
  readonly config: PollerConfig;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly metrics: PollerMetrics;
  readonly topics: Topics;
  readonly keys: RedisKeys;
  readonly redis: Redis;
  readonly cipher: TokenCipher;
  readonly writer: TransactionalWriter;
  readonly state: StateStore;
  readonly tokens: AccessTokenCache;
  readonly web: WebApiClient;
  readonly queue: Queue<PollJobData>;
  readonly scheduler: PollScheduler;
  readonly linkFlow: LinkFlow;
  /** Releases everything above in reverse order; idempotent. */
  readonly closer: Closer;
}

export interface ContextOptions {
  readonly logger: Logger;
  /** Names the Kafka transactional producer; one per live process. */
  readonly transactionalId: string;
  readonly registry?: Registry;
  readonly fetch?: typeof fetch;
}

/**
 * Everything the poller and its CLI share: clients, the durable state (read to its end before this
 * returns) and the scheduler. If a step fails, what was already opened is closed before rethrowing.
 */
export async function createPollerContext(
  config: PollerConfig,
  options: ContextOptions,
): Promise<PollerContext> {
  const { logger } = options;
  const closer = new Closer(logger);
  try {
    const registry = options.registry ?? createMetricsRegistry('poller');
    const metrics = createPollerMetrics(registry);
    const topics = topicsFor(config.TOPIC_PREFIX);
    const keys = redisKeys(config.REDIS_PREFIX);
    const cipher = new TokenCipher(config.TOKEN_ENCRYPTION_KEY);
    // BullMQ needs maxRetriesPerRequest: null (its blocking commands must not give up).
    const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
    // ioredis reconnects by itself; the listener makes each lost connection a log line of ours
    // (ioredis would print "Unhandled error event" to stderr), and readiness reports it.
    redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis connection error; reconnecting'));
    closer.add('redis', () => closeRedis(redis));
    const kafka = createKafka({
      brokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID ?? 'poller',
      logger,
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [
        topics.rawPlays,
        topics.deadLetter,
        topics.linkedAccounts,
        topics.pollCursors,
      ]);
    } finally {
      await admin.disconnect();
    }
    const writer = new TransactionalWriter(kafka, options.transactionalId, logger);
    closer.add('kafka producer', () => writer.close());
    // Connect first: it fences a crashed predecessor's open transaction, which would otherwise hold
    // back the state load below until the transaction timed out.
    await writer.connect();
    const state = new StateStore({
      kafka,
      topics,
      writer,
      logger,
      groupPrefix: `${config.TOPIC_PREFIX}poller-state`,
      onBadRecord: (topic) => metrics.badStateRecords.inc({ topic }),
    });
    closer.add('state consumer', () => state.close());
    await state.start();
    const accounts = new AccountsClient({
      accountsUrl: config.SPOTIFY_ACCOUNTS_URL,
      clientId: config.SPOTIFY_CLIENT_ID,
      clientSecret: config.SPOTIFY_CLIENT_SECRET,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const tokens = new AccessTokenCache(redis, keys.accessToken, cipher);
    const provider = new AccessTokenProvider({
      cache: tokens,
      accounts,
      cipher,
      state,
      onRefresh: (outcome) => metrics.tokenRefreshes.inc({ outcome }),
    });
    const web = new WebApiClient({
      apiUrl: config.SPOTIFY_API_URL,
      accessToken: (id) => provider.accessToken(id),
      invalidate: (id) => provider.invalidate(id),
      onResponse: (status) => metrics.apiResponses.inc({ status: String(status) }),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const queue = new Queue<PollJobData>(keys.queueName, { connection: redis, prefix: keys.bullPrefix });
    queue.on('error', (error) => logger.warn({ err: error }, 'poll queue error'));
    closer.add('queue', () => queue.close());
    const scheduler = new PollScheduler(
      queue,
      state,
      { activeMs: config.POLL_INTERVAL_ACTIVE_MS, idleMs: config.POLL_INTERVAL_IDLE_MS },
      logger,
    );
    closer.add('reconcile loop', () => scheduler.stop());
    const linkFlow = new LinkFlow({
      clientId: config.SPOTIFY_CLIENT_ID,
      redirectUri: config.SPOTIFY_REDIRECT_URI,
      defaultTimeZone: config.DEFAULT_TIME_ZONE,
      accounts,
      web,
      state,
      tokens,
      cipher,
      redis,
      keys,
      logger,
      schedule: (id) => scheduler.schedule(id),
    });
    return {
      config,
      logger,
      registry,
      metrics,
      topics,
      keys,
      redis,
      cipher,
      writer,
      state,
      tokens,
      web,
      queue,
      scheduler,
      linkFlow,
      closer,
    };
  } catch (error) {
    await closer.close();
    throw error;
  }
}

/** Unlinks an account: tombstones in both state topics, no scheduler, no cached token or cursor. */
export async function unlinkAccount(context: PollerContext, accountId: string): Promise<boolean> {
  const known = context.state.account(accountId) !== undefined;
  await context.state.removeAccount(accountId);
  await context.scheduler.unschedule(accountId);
  await context.tokens.drop(accountId);
  await context.redis.del(context.keys.cursor(accountId));
  await context.redis.hdel(context.keys.lastPoll, accountId);
  await context.redis.hdel(context.keys.pollStarted, accountId);
  await context.redis.hdel(context.keys.failing, accountId);
  return known;
}
