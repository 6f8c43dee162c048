import type { KafkaConfig, logCreator } from 'kafkajs';
import kafkajs from 'kafkajs';

// kafkajs is CommonJS; Node's ESM loader cannot see all of its values as named exports.
const { Kafka, logLevel } = kafkajs;

import { silenceKafkajsPartitionerWarning } from '../config/kafkajs-env.ts';
import type { Logger } from '../logger.ts';
import { assertKafkajsPatched } from './kafkajs-patch.ts';

export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger: Logger;
  readonly overrides?: Partial<KafkaConfig>;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * The level a kafkajs log line gets in the service's log. kafkajs logs every rebalance and
 * reconnect at INFO: routine, so debug. It also logs at ERROR what it is about to retry: every
 * error *response* of the broker at its connection layer (`Response Metadata(key: 3, ...)`), and
 * each failed attempt of a retried operation (its line carries `retryCount`), e.g. a topic's
 * metadata a moment after it was created, a coordinator still loading, CONCURRENT_TRANSACTIONS.
 * Those are debug too: a person reading the console cannot act on them, and what is not retried
 * away reaches the caller, which logs it with its context. So is the WARN every idempotent
 * producer gets at creation ("Limiting retries for the idempotent producer"): it is our setting.
 */
export function kafkaLogLevel(
  namespace: string,
  level: number,
  log: { message?: unknown; retryCount?: unknown },
): 'error' | 'warn' | 'info' | 'debug' {
  if (level === logLevel.INFO) return 'debug';
  if (level === logLevel.ERROR) {
    const response =
      namespace === 'Connection' && typeof log.message === 'string' && log.message.startsWith('Response ');
    if (response || log.retryCount !== undefined) return 'debug';
  }
  if (
    level === logLevel.WARN &&
    typeof log.message === 'string' &&
    log.message.startsWith('Limiting retries')
  )
    return 'debug';
  return LEVELS[level] ?? 'debug';
}

/** Routes kafkajs's own log lines into the service's structured logger. */
function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...extra } = log;
      logger[kafkaLogLevel(namespace, level, log)]({ kafka: namespace, ...extra }, message);
    };
}

silenceKafkajsPartitionerWarning();

/** The one place where a kafkajs client is configured, so every service talks to Kafka alike. */
export function createKafka({
  brokers,
  clientId,
  logger,
  overrides = {},
}: KafkaClientOptions): kafkajs.Kafka {
  assertKafkajsPatched();
  return new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.INFO,
    logCreator: kafkaLogCreator(logger),
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 100, retries: 8, maxRetryTime: 10_000 },
    ...overrides,
  });
}
