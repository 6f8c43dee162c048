import {
  Closer,
  createKafka,
  createKafkaProbe,
  createLogger,
  createMetricsRegistry,
  type Logger,
  type OpsServer,
  type StoppableHandle,
  startOpsServer,
  topicsFor,
} from '@spotify-pipeline/runtime';
import type { Registry } from 'prom-client';
import type { NormalizerConfig } from './config.ts';
import { Normalizer } from './normalizer.ts';

export interface NormalizerHandle extends StoppableHandle {
  readonly normalizer: Normalizer;
  /** Base URL of /healthz, /readyz and /metrics. */
  readonly opsUrl: string;
  readonly registry: Registry;
}

const SERVICE = 'normalizer';

/**
 * Starts the normalizer and its ops server. If any step fails, whatever was started is stopped
 * again before the error is rethrown. The handle's `stop()` is idempotent.
 */
export async function startNormalizer(
  config: NormalizerConfig,
  { logger = createLogger(SERVICE, config.LOG_LEVEL) }: { logger?: Logger } = {},
): Promise<NormalizerHandle> {
  const closer = new Closer(logger);
  try {
    const registry = createMetricsRegistry(SERVICE);
    const kafka = createKafka({
      brokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID ?? `spotify-pipeline.${SERVICE}`,
      logger,
    });
    const probe = createKafkaProbe(kafka);
    const normalizer = new Normalizer({
      kafka,
      topics: topicsFor(config.TOPIC_PREFIX),
      groupId: config.NORMALIZER_GROUP_ID,
      logger,
      registry,
      dimensionCache: {
        maxEntries: config.NORMALIZER_DIMENSION_CACHE_SIZE,
        ttlMs: config.NORMALIZER_DIMENSION_CACHE_TTL_MS,
      },
      maxMessagesPerSend: config.NORMALIZER_MAX_MESSAGES_PER_SEND,
      partitionsConsumedConcurrently: config.NORMALIZER_PARTITIONS_CONSUMED_CONCURRENTLY,
      ...(config.NORMALIZER_TOPIC_REPLICATION_FACTOR === undefined
        ? {}
        : { replicationFactor: config.NORMALIZER_TOPIC_REPLICATION_FACTOR }),
      serviceName: SERVICE,
    });
    // The ops server outlives the normalizer on the way down, so /readyz reports "not ready" while
    // the consumer leaves its group.
    const ops: OpsServer = await startOpsServer({
      host: config.HTTP_HOST,
      port: config.HTTP_PORT ?? 0,
      registry,
      // A real round trip to the cluster: the clients' flags stay set long after a broker died.
      readiness: { kafka: () => probe.check(), ...normalizer.readiness },
    });
    closer.add('ops server', () => ops.close());
    closer.add('kafka probe', () => probe.close());
    closer.add('normalizer', () => normalizer.stop());
    await normalizer.start();
    logger.info({ opsUrl: ops.url }, 'normalizer started');
    return { normalizer, opsUrl: ops.url, registry, stop: () => closer.close() };
  } catch (error) {
    await closer.close();
    throw error;
  }
}
