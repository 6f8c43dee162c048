import { POLL_QUEUE_NAME } from '@spotify-pipeline/avro';
import {
  type EnvOf,
  envInt,
  envLogLevel,
  envUrl,
  kafkaEnv,
  redisEnv,
  serviceEnv,
  topicsEnv,
  warehouseEnv,
} from '@spotify-pipeline/runtime';
import { z } from 'zod';

/**
 * The enrichment's environment. SPOTIFY_* and REDIS_* are the poller's variables with the same
 * meaning: the enrichment acts as the same Spotify app and pauses the poller's queue (same Redis
 * prefix) when Spotify says the app is over its limit.
 */
export const enrichmentEnv = {
  ...kafkaEnv,
  ...redisEnv,
  ...topicsEnv,
  ...warehouseEnv,
  ...serviceEnv,
  LOG_LEVEL: envLogLevel.default('warn'),
  /** Required by `enrichment run` (the lookups); `enrichment status` reads the warehouse and Redis only. */
  SPOTIFY_CLIENT_ID: z.string().min(1).optional(),
  SPOTIFY_CLIENT_SECRET: z.string().min(1).optional(),
  SPOTIFY_ACCOUNTS_URL: envUrl(['http', 'https']).default('https://accounts.spotify.com'),
  SPOTIFY_API_URL: envUrl(['http', 'https']).default('https://api.spotify.com'),
  /**
   * At most MAX lookups per DURATION_MS across every enrichment worker (one BullMQ limiter). Spotify's
   * limit is the app's, shared with the poller: give the enrichment what the poller leaves
   * (POLLER_RATE_LIMIT_MAX defaults to 20/s; Spotify allows roughly 180 requests a minute in
   * development mode).
   */
  ENRICHMENT_RATE_LIMIT_MAX: envInt(1, 100_000).default(2),
  ENRICHMENT_RATE_LIMIT_DURATION_MS: envInt(1, 3_600_000).default(1_000),
  ENRICHMENT_CONCURRENCY: envInt(1, 64).default(2),
  /** The poller's BullMQ queue, paused with the enrichment's on a 429 (and obeyed when it is paused). */
  ENRICHMENT_SHARED_PAUSE_QUEUE: z.string().min(1).default(POLL_QUEUE_NAME),
  /**
   * The market (ISO 3166-1 alpha-2) name searches and episode lookups ask for: with the app's token
   * Spotify knows no user country, and treats podcast episodes as unavailable without a market. An
   * episode not available there is not found.
   */
  ENRICHMENT_MARKET: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code, e.g. US')
    .default('US'),
  /** How long `enrichment run` waits for the sink to write what was looked up. */
  ENRICHMENT_SETTLE_TIMEOUT_MS: envInt(1_000, 3_600_000).default(300_000),
};

export type EnrichmentConfig = EnvOf<typeof enrichmentEnv>;
