export { DimensionPublisher } from './dimension-publisher.ts';
export { ENRICHMENT_USAGE, enrichmentCli } from './enrichment-cli.ts';
export { type EnrichmentConfig, enrichmentEnv } from './enrichment-config.ts';
export {
  ENRICH_JOB_NAME,
  ENRICH_JOB_OPTIONS,
  ENRICH_QUEUE_NAME,
  type EnrichJobData,
  enrichJobId,
  isSpotifyTrackId,
} from './enrichment-job.ts';
export { type EnrichmentMetrics, LOOKUP_OUTCOMES, type LookupOutcome } from './enrichment-metrics.ts';
export {
  estimateMs,
  formatDuration,
  formatEnrichmentStatus,
  formatRunSummary,
  type RateLimit,
} from './enrichment-status.ts';
export { type RunEnrichmentOptions, type RunEnrichmentSummary, runEnrichment } from './run-enrichment.ts';
export { SharedPause } from './shared-pause.ts';
export {
  type EnqueueReport,
  type EnrichmentDeps,
  type EnrichmentHandle,
  type QueueCounts,
  startEnrichment,
} from './start-enrichment.ts';
export { releaseYear, type TrackDimensions, TrackShapeError, trackDimensions } from './track-records.ts';
