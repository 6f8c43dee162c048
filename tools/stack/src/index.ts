export { loadStackConfig, type StackConfig, stackEnv } from './config.ts';
export { EphemeralRedis } from './ephemeral-redis.ts';
export { CommandFailedError, PrerequisiteError, ServiceStartError } from './errors/index.ts';
export {
  KafkaBroker,
  type KafkaBrokerOptions,
  type KafkaBrokerStatus,
  type KafkaStartReport,
  type KafkaStopReport,
} from './kafka-broker.ts';
export {
  type ClusterNode,
  CONTROLLER_PORT_OFFSET,
  KafkaCluster,
  type KafkaClusterOptions,
} from './kafka-cluster.ts';
export { PostgresService } from './postgres-service.ts';
export { type KafkaProbeResult, PROBE_TOPIC, probeKafka } from './probe.ts';
export { RedisService } from './redis-service.ts';
export {
  type ServiceName,
  type StackOptions,
  type StackReport,
  type StackRow,
  stackDown,
  stackStatus,
  stackUp,
} from './stack.ts';
