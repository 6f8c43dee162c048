import {
  Closer,
  createKafka,
  createKafkaProbe,
  createLogger,
  createMetricsRegistry,
  ensureTopics,
  type Logger,
  type StoppableHandle,
  startOpsServer,
  topicsFor,
  untilReachable,
} from '@spotify-pipeline/runtime';
import { createWarehouse, type Warehouse } from '@spotify-pipeline/warehouse';
import type { Registry } from 'prom-client';
import { assertMigrated } from './assert-migrated.ts';
import type { CommittedBatch } from './batch-writer.ts';
import type { SinkConfig } from './config.ts';
import { fetchBudget } from './fetch-budget.ts';
import { SINK_SERVICE_NAME, Sink } from './sink.ts';
import { SinkMetrics } from './sink-metrics.ts';
import { SINK_TABLES } from './sink-tables.ts';

/** What a caller (main, a test, the benchmark) may hand in instead of what startSink makes. */
export interface SinkDeps {
  readonly logger?: Logger;
  /** The sink registers its metrics here; by default a registry of its own. */
  readonly registry?: Registry;
  /** An open warehouse; the caller keeps it and closes it. By default one from the config. */
  readonly warehouse?: Warehouse;
  /** Called after each batch's offsets are committed, e.g. by the benchmark to time throughput. */
  readonly onBatchCommitted?: (batch: CommittedBatch) => void;
}

export interface SinkHandle extends StoppableHandle {
  /** Base URL of /healthz, /readyz and /metrics. */
  readonly opsUrl: string;
  readonly registry: Registry;
  readonly metrics: SinkMetrics;
  readonly sink: Sink;
  /** Graceful and idempotent: stops fetching, writes or abandons the batch in hand, releases all. */
  stop(): Promise<void>;
}

/** Starts one sink instance: checks the warehouse, ensures the topics, joins the group, serves ops. */
export async function startSink(config: SinkConfig, deps: SinkDeps = {}): Promise<SinkHandle> {
  const logger = deps.logger ?? createLogger(SINK_SERVICE_NAME, config.LOG_LEVEL);
  const registry = deps.registry ?? createMetricsRegistry(SINK_SERVICE_NAME);
  const closer = new Closer(logger);
  try {
    // Served from the first moment, before the warehouse or Kafka answer: a liveness probe sees a
    // live process, and /readyz names what the sink is waiting for. Closed last.
    const ops = await startOpsServer({ host: config.HTTP_HOST, port: config.HTTP_PORT ?? 0, registry });
    closer.add('ops server', () => ops.close());
    let warehouse = deps.warehouse;
    if (warehouse === undefined) {
      const owned = createWarehouse(config, {
        applicationName: `spotify-pipeline-${SINK_SERVICE_NAME}`,
        onConnectionError: (error) =>
          logger.warn({ err: error }, 'a warehouse connection failed; reconnecting'),
      });
      closer.add('warehouse', () => owned.close());
      warehouse = owned;
    }
    const db = warehouse;
    const topics = topicsFor(config.TOPIC_PREFIX);
    const kafka = createKafka({
      brokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID ?? `spotify-pipeline-${SINK_SERVICE_NAME}`,
      logger,
    });
    const probe = createKafkaProbe(kafka);
    closer.add('kafka probe', () => probe.close());
    const warehouseReady = async () => {
      await db.ping();
      return true;
    };
    ops.setReadiness({
      startup: () => {
        throw new Error('waiting for the warehouse and Kafka');
      },
      warehouse: warehouseReady,
      kafka: () => probe.check(),
    });

    await untilReachable('warehouse', () => assertMigrated(db), { logger });
    await untilReachable(
      'kafka',
      async () => {
        const admin = kafka.admin();
        await admin.connect();
        try {
          const { created, drift } = await ensureTopics(admin, [
            ...SINK_TABLES.map((t) => topics[t.topicId]),
            topics.deadLetter,
          ]);
          if (created.length > 0) logger.info({ created }, 'created topics');
          for (const d of drift) logger.warn(d, 'topic differs from its declaration');
        } finally {
          await admin.disconnect();
        }
      },
      { logger },
    );

    const metrics = new SinkMetrics(registry);
    const sink = new Sink({
      newConsumer: (restartOnFailure) =>
        kafka.consumer({
          groupId: config.SINK_GROUP_ID,
          // kafkajs's default for a consumer's retries, with the sink's say on restarts.
          retry: { retries: 5, restartOnFailure },
          sessionTimeout: config.SINK_SESSION_TIMEOUT_MS,
          heartbeatInterval: config.SINK_HEARTBEAT_INTERVAL_MS,
          allowAutoTopicCreation: false,
          // The bound on records in flight: one fetch of each member, one and a half full batches.
          ...fetchBudget({
            batchSize: config.SINK_BATCH_SIZE,
            partitions: Math.ceil(topics.plays.partitions / config.SINK_WRITERS),
          }),
        }),
      newProducer: () => kafka.producer({ allowAutoTopicCreation: false }),
      topics,
      warehouse,
      metrics,
      logger,
      batchSize: config.SINK_BATCH_SIZE,
      batchLingerMs: config.SINK_BATCH_LINGER_MS,
      writers: config.SINK_WRITERS,
      partitionsConcurrency: config.SINK_PARTITIONS_CONCURRENCY,
      retryInitialDelayMs: config.SINK_RETRY_INITIAL_DELAY_MS,
      retryMaxDelayMs: config.SINK_RETRY_MAX_DELAY_MS,
      stopGraceMs: config.SINK_STOP_GRACE_MS,
      heartbeatIntervalMs: config.SINK_HEARTBEAT_INTERVAL_MS,
      ...(deps.onBatchCommitted ? { onBatchCommitted: deps.onBatchCommitted } : {}),
    });
    closer.add('sink', () => sink.stop());
    await sink.start();

    ops.setReadiness({
      kafka: () => probe.check(),
      group: () => sink.inGroup,
      warehouse: warehouseReady,
      writing: () => !sink.paused,
    });
    logger.info({ ops: ops.url, groupId: config.SINK_GROUP_ID, topics: sink.topicNames }, 'sink started');
    return { opsUrl: ops.url, registry, metrics, sink, stop: () => closer.close() };
  } catch (error) {
    await closer.close();
    throw error;
  }
}
