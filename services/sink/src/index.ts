export { BatchAccumulator, type BatchAccumulatorOptions } from './batch-accumulator.ts';
export {
  type BatchItem,
  type CommitOffset,
  commitOffsetsOf,
  latestPerKey,
  type SinkEntry,
  type SourceMessage,
} from './batch-item.ts';
export type { CommittedBatch } from './batch-writer.ts';
export { loadSinkConfig, type SinkConfig, sinkEnv } from './config.ts';
export { BatchAbandonedError, WarehouseNotMigratedError } from './errors/index.ts';
export { SINK_SERVICE_NAME, Sink } from './sink.ts';
export { SinkMetrics } from './sink-metrics.ts';
export { SINK_TABLES } from './sink-tables.ts';
export { type SinkDeps, type SinkHandle, startSink } from './start.ts';
