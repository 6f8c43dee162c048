import {
  Closer,
  ConfigError,
  closeRedis,
  createKafka,
  createLogger,
  createMetricsRegistry,
  ensureTopics,
  isRetriable,
  type Logger,
  type OpsServer,
  startOpsServer,
  topicsFor,
} from '@spotify-pipeline/runtime';
import { AccountsClient, AppTokenProvider, CatalogueClient } from '@spotify-pipeline/spotify-client';
import {
  createEnrichmentStore,
  type EnrichmentProgress,
  type EnrichmentStore,
} from '@spotify-pipeline/warehouse';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { ImportOptionsError } from '../import-options-error.ts';
import { DimensionPublisher } from './dimension-publisher.ts';
import { createEnrichProcessor } from './enrich-processor.ts';
import type { EnrichmentConfig } from './enrichment-config.ts';
import {
  ENRICH_JOB_NAME,
  ENRICH_JOB_OPTIONS,
  ENRICH_QUEUE_NAME,
  type EnrichJobData,
  enrichJobId,
  isSpotifyTrackId,
  searchJobId,
} from './enrichment-job.ts';
import { createEnrichmentMetrics, type EnrichmentMetrics } from './enrichment-metrics.ts';
import { SharedPause } from './shared-pause.ts';

export interface EnrichmentDeps {
  readonly logger?: Logger;
  readonly registry?: Registry;
  readonly fetch?: typeof fetch;
  /** Defaults to the warehouse the config names. */
  readonly store?: EnrichmentStore;
  /** Start without a worker: enqueue and read progress only (the status command). */
  readonly worker?: boolean;
}

export interface EnqueueReport {
  /** Tracks the warehouse lists as still to look up. */
  readonly listed: number;
  /** Ids added as jobs (a track whose job waits, runs or finished recently is not added twice). */
  readonly trackIds: readonly string[];
  /** Name-only tracks the warehouse lists as not yet searched for (each added as a search job). */
  readonly names: number;
}

export interface QueueCounts {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
  readonly completed: number;
}

export interface EnrichmentHandle {
  /** Base URL of /healthz, /readyz and /metrics. */
  readonly url: string;
  readonly store: EnrichmentStore;
  readonly metrics: EnrichmentMetrics;
  /** Adds a job for every distinct track the warehouse still lists. */
  enqueueFromWarehouse(): Promise<EnqueueReport>;
  queueCounts(): Promise<QueueCounts>;
  progress(): Promise<EnrichmentProgress>;
  /** Track ids whose jobs failed for good (kept a week for `enrichment status`). */
  failedTrackIds(): Promise<string[]>;
  /** Waits for running lookups, then releases everything; idempotent. */
  stop(): Promise<void>;
}

/**
 * The enrichment worker: a BullMQ queue of its own (limiter in Redis, shared by every instance), a
 * 429 pause shared with the poller's queue, lookups with the app's client-credentials token, and the
 * results on the dimension topics. Progress lives in the warehouse, so Redis can be lost at any time.
 */
export async function startEnrichment(
  config: EnrichmentConfig,
  deps: EnrichmentDeps = {},
): Promise<EnrichmentHandle> {
  const logger = deps.logger ?? createLogger('importer-enrichment', config.LOG_LEVEL);
  const closer = new Closer(logger);
  try {
    const registry = deps.registry ?? createMetricsRegistry('importer');
    const store = deps.store ?? createEnrichmentStore(config);
    if (!deps.store) closer.add('warehouse', () => store.close());
    const metrics = createEnrichmentMetrics(registry, store);
    const topics = topicsFor(config.TOPIC_PREFIX);
    // BullMQ needs maxRetriesPerRequest: null (its blocking commands must not give up).
    const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
    closer.add('redis', () => closeRedis(redis));
    const queueOptions = { connection: redis, prefix: config.REDIS_PREFIX };
    const queue = new Queue<EnrichJobData>(ENRICH_QUEUE_NAME, queueOptions);
    closer.add('queue', () => queue.close());
    const pollerQueue = new Queue(config.ENRICHMENT_SHARED_PAUSE_QUEUE, queueOptions);
    closer.add("poller's queue", () => pollerQueue.close());

    if (deps.worker !== false) {
      const { SPOTIFY_CLIENT_ID: clientId, SPOTIFY_CLIENT_SECRET: clientSecret } = config;
      if (!clientId || !clientSecret) {
        throw new ConfigError(
          [
            { variable: 'SPOTIFY_CLIENT_ID', problem: 'is required to look tracks up' },
            { variable: 'SPOTIFY_CLIENT_SECRET', problem: 'is required to look tracks up' },
          ].filter((p) => !config[p.variable as 'SPOTIFY_CLIENT_ID']),
        );
      }
      const kafka = createKafka({
        brokers: config.KAFKA_BROKERS,
        clientId: config.KAFKA_CLIENT_ID ?? 'spotify-pipeline-enrichment',
        logger,
      });
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, [topics.artists, topics.albums, topics.tracks]);
      } finally {
        await admin.disconnect();
      }
      const publisher = new DimensionPublisher(kafka, topics);
      closer.add('kafka producer', () => publisher.close());
      await publisher.connect();
      const fetchOption = deps.fetch ? { fetch: deps.fetch } : {};
      const appToken = new AppTokenProvider(
        new AccountsClient({
          accountsUrl: config.SPOTIFY_ACCOUNTS_URL,
          clientId,
          clientSecret,
          ...fetchOption,
        }),
      );
      await checkAppToken(appToken, logger);
      const catalogue = new CatalogueClient({
        apiUrl: config.SPOTIFY_API_URL,
        accessToken: () => appToken.accessToken(),
        invalidate: () => appToken.invalidate(),
        ...fetchOption,
      });
      const processor = createEnrichProcessor({
        catalogue,
        store,
        publisher,
        pause: new SharedPause(queue, pollerQueue),
        metrics,
        logger,
        market: config.ENRICHMENT_MARKET,
      });
      const worker = new Worker<EnrichJobData>(ENRICH_QUEUE_NAME, processor, {
        ...queueOptions,
        concurrency: config.ENRICHMENT_CONCURRENCY,
        limiter: {
          max: config.ENRICHMENT_RATE_LIMIT_MAX,
          duration: config.ENRICHMENT_RATE_LIMIT_DURATION_MS,
        },
      });
      worker.on('error', (error) => logger.error({ err: error }, 'enrichment worker error'));
      // Closing the worker waits for running lookups (publish or flag included).
      closer.add('enrichment worker', () => worker.close());
    }

    let url = '';
    if (config.HTTP_PORT !== undefined) {
      const ops: OpsServer = await startOpsServer({
        host: config.HTTP_HOST,
        port: config.HTTP_PORT,
        registry,
        readiness: { redis: async () => (await redis.ping()) === 'PONG' },
      });
      closer.add('ops server', () => ops.close());
      url = ops.url;
    }

    return {
      url,
      store,
      metrics,
      async enqueueFromWarehouse() {
        const listed = await store.tracksToEnrich();
        const trackIds = listed.filter(isSpotifyTrackId);
        for (let i = 0; i < trackIds.length; i += 1_000) {
          await queue.addBulk(
            trackIds.slice(i, i + 1_000).map((trackId) => ({
              name: ENRICH_JOB_NAME,
              data: { trackId },
              opts: { ...ENRICH_JOB_OPTIONS, jobId: enrichJobId(trackId) },
            })),
          );
        }
        const names = await store.namesToSearch();
        for (let i = 0; i < names.length; i += 1_000) {
          await queue.addBulk(
            names.slice(i, i + 1_000).map(({ trackId, trackName, artistName }) => ({
              name: ENRICH_JOB_NAME,
              data: { trackId, search: { trackName, artistName } },
              opts: { ...ENRICH_JOB_OPTIONS, jobId: searchJobId(trackId) },
            })),
          );
        }
        return { listed: listed.length, trackIds, names: names.length };
      },
      async queueCounts() {
        const c = await queue.getJobCounts(
          'waiting',
          'prioritized',
          'active',
          'delayed',
          'failed',
          'completed',
        );
        return {
          waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
          active: c.active ?? 0,
          delayed: c.delayed ?? 0,
          failed: c.failed ?? 0,
          completed: c.completed ?? 0,
        };
      },
      progress: () => store.progress(),
      async failedTrackIds() {
        const failed = await queue.getFailed(0, -1);
        return failed.map((job) => job.data.trackId);
      },
      stop: () => closer.close(),
    };
  } catch (error) {
    await closer.close();
    throw error;
  }
}

/**
 * Spotify refused the app's client-credentials token request (a wrong client id or secret): every
 * lookup would fail the same way, so enrichment does not start.
 */
export class EnrichmentCredentialsError extends ImportOptionsError {
  constructor(cause: unknown) {
    super(
      `Spotify refused the app's token request (${cause instanceof Error ? cause.message : String(cause)}): ` +
        'check SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET; no track was looked up',
      { cause },
    );
    this.name = 'EnrichmentCredentialsError';
  }
}

/**
 * Asks for the app's token once before any lookup: a refusal stops enrichment at once with one
 * message instead of failing each track in turn. A retriable failure (Spotify or the network
 * down for a moment) is left to the lookups' own retries.
 */
async function checkAppToken(appToken: AppTokenProvider, logger: Logger): Promise<void> {
  try {
    await appToken.accessToken();
  } catch (error) {
    if (!isRetriable(error)) throw new EnrichmentCredentialsError(error);
    logger.warn({ err: error }, "cannot get the app's token yet; lookups will retry");
  }
}
