import { isRetriable, type Logger } from '@spotify-pipeline/runtime';
import {
  type CatalogueClient,
  SpotifyRateLimitedError,
  SpotifyRequestError,
} from '@spotify-pipeline/spotify-client';
import type { EnrichmentStore } from '@spotify-pipeline/warehouse';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { DimensionPublisher } from './dimension-publisher.ts';
import type { EnrichJobData } from './enrichment-job.ts';
import type { EnrichmentMetrics, LookupOutcome } from './enrichment-metrics.ts';
import { isPodcastEpisode } from './name-search.ts';
import type { SharedPause } from './shared-pause.ts';
import { trackDimensions } from './track-records.ts';

export interface EnrichProcessorOptions {
  readonly catalogue: CatalogueClient;
  readonly store: EnrichmentStore;
  readonly publisher: DimensionPublisher;
  readonly pause: SharedPause;
  readonly metrics: EnrichmentMetrics;
  readonly logger: Logger;
  /** The market name searches and episode lookups ask for (an app token has no country). */
  readonly market: string;
}

/**
 * What the worker does with one track, and how each answer is handled:
 * - the warehouse knows the track already (polled, or enriched by an earlier run): nothing to do;
 * - 200: its artist, album and track records go to the dimension topics;
 * - 404: Spotify no longer serves it: flagged unavailable in the warehouse, never looked up again;
 * - 429: this queue and the poller's pause for Retry-After; the job waits without spending an attempt;
 * - 5xx, network: thrown, so BullMQ retries with backoff; anything else not retriable fails the job.
 * A name-only track's job is a name search instead (name-search.ts): its answer, episode or not, is
 * recorded in the warehouse once, and the same 429 / retry rules apply.
 */
export function createEnrichProcessor(o: EnrichProcessorOptions) {
  const done = (outcome: LookupOutcome) => {
    o.metrics.lookups.inc({ outcome });
    return { outcome };
  };
  return async (job: Job<EnrichJobData>): Promise<{ outcome: LookupOutcome }> => {
    const { trackId } = job.data;
    const pollerPausedMs = await o.pause.pollerPausedForMs();
    if (pollerPausedMs > 0) {
      await o.pause.pauseOwn(pollerPausedMs);
      throw Worker.RateLimitError();
    }
    const failed = async (error: unknown): Promise<never> => {
      if (error instanceof SpotifyRateLimitedError) {
        o.metrics.lookups.inc({ outcome: 'rate-limited' });
        o.logger.warn(
          { trackId, retryAfterMs: error.retryAfterMs },
          'Spotify rate limit: pausing enrichment and polling',
        );
        await o.pause.pauseBoth(error.retryAfterMs);
        throw Worker.RateLimitError();
      }
      o.metrics.lookups.inc({ outcome: 'failed' });
      o.logger.error({ err: error, trackId, attempt: job.attemptsMade + 1 }, 'track lookup failed');
      if (!isRetriable(error))
        throw new UnrecoverableError(error instanceof Error ? error.message : 'lookup failed');
      throw error;
    };
    const { search } = job.data;
    if (search) {
      if (!(await o.store.filterNamesToSearch([trackId])).has(trackId)) return done('already-known');
      let episode: boolean;
      try {
        episode = await isPodcastEpisode(o.catalogue, { trackId, ...search }, o.market);
      } catch (error) {
        return failed(error);
      }
      await o.store.markNameSearched(trackId, episode);
      return done(episode ? 'episode' : 'not-episode');
    }
    if (!(await o.store.filterTracksToEnrich([trackId])).has(trackId)) return done('already-known');
    try {
      const track = await o.catalogue.track(trackId);
      await o.publisher.publish(trackDimensions(track));
      return done('enriched');
    } catch (error) {
      if (error instanceof SpotifyRequestError && error.status === 404) {
        await o.store.markUnavailable([trackId]);
        return done('unavailable');
      }
      return failed(error);
    }
  };
}
