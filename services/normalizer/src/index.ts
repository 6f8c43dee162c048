export { loadNormalizerConfig, type NormalizerConfig, normalizerEnv } from './config.ts';
export { DimensionCache, type DimensionCacheOptions } from './dimension-cache.ts';
export { isKnownTimeZone, type LocalTimeKeys, localTimeKeys } from './local-time.ts';
export { type NormalizedPlay, type NormalizeResult, normalizePlay } from './normalize-play.ts';
export { NORMALIZER_PRODUCER_CONFIG, Normalizer, type NormalizerOptions } from './normalizer.ts';
export {
  type BatchCounts,
  type BatchPlan,
  type DimensionKind,
  type NormalizerCodecs,
  planBatch,
} from './plan-batch.ts';
export { REJECTION_REASONS, type Rejection, type RejectionReason } from './rejection.ts';
export { type NormalizerHandle, startNormalizer } from './start.ts';
