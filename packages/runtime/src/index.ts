// Topics are an agreement between programs; their home is the contracts package.
export {
  type CleanupPolicy,
  TOPIC_IDS,
  type TopicId,
  type TopicSpec,
  type Topics,
  topicConfigEntries,
  topicsFor,
} from '@spotify-pipeline/avro';
export * from './cli/index.ts';
export * from './config/index.ts';
export { DeadlineExceededError } from './errors/deadline-exceeded-error.ts';
export * from './errors/index.ts';
export {
  json,
  type OpsServer,
  type OpsServerOptions,
  type ReadinessCheck,
  type RouteHandler,
  startOpsServer,
} from './http/ops-server.ts';
export { type CheckTopicsResult, checkTopics, type TopicDrift } from './kafka/check-topics.ts';
export { createKafka, type KafkaClientOptions } from './kafka/client.ts';
export {
  type DeadLetterReason,
  type DeadLetterSource,
  DLQ_HEADERS,
  deadLetterMessage,
} from './kafka/dead-letter.ts';
export { type EnsureTopicsResult, ensureTopics, waitForTopicLeaders } from './kafka/ensure-topics.ts';
export { createKafkaProbe, type KafkaProbe } from './kafka/kafka-probe.ts';
export { type ClosableRedis, closeRedis } from './lifecycle/close-redis.ts';
export { Closer } from './lifecycle/closer.ts';
export { EXIT_CONFIG, formatConfigError, loadConfigOrExit } from './lifecycle/load-config-or-exit.ts';
export { runMain, type StoppableHandle } from './lifecycle/run-main.ts';
export { isStartupTransient, untilReachable } from './lifecycle/until-reachable.ts';
export { createLogger, type Logger } from './logger.ts';
export { createMetricsRegistry } from './metrics.ts';
export { freePort } from './net/free-port.ts';
export { type PromSample, parsePromText, scrape, sumOf } from './prom-text.ts';
export { backoffDelay, type RetryOptions, retry } from './retry.ts';
export { type Settled, STILL_PENDING, settledWithin } from './settled-within.ts';
export { type ColumnAlign, formatTable } from './text-table.ts';
export { type WaitUntilOptions, waitUntil } from './wait-until.ts';
