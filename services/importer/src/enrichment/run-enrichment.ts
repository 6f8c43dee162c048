import { waitUntil } from '@spotify-pipeline/runtime';
import type { EnrichmentHandle } from './start-enrichment.ts';

export interface RunEnrichmentOptions {
  /** How long to wait for the sink to write what was looked up, once the queue is empty. */
  readonly settleTimeoutMs: number;
  readonly signal?: AbortSignal;
  /** How often the queue and the warehouse are asked; default 500 ms. */
  readonly intervalMs?: number;
}

export interface RunEnrichmentSummary {
  /** Tracks the warehouse listed as still to look up when the run began. */
  readonly listed: number;
  /** Of those, still to look up at the end (sink not caught up, or lookups failed for good). */
  readonly remaining: number;
  /** Tracks whose lookups failed for good (see `enrichment status`). */
  readonly failed: readonly string[];
  /** Facts moved from an import's placeholder album/artist to the track's own. */
  readonly repointed: number;
  /** Name-only tracks listed for a name search when the run began. */
  readonly searched: number;
  /** Name-only tracks found to be podcast episodes (all runs), kept out of the music views. */
  readonly episodes: number;
  /** Their plays. */
  readonly episodePlays: number;
  readonly interrupted: boolean;
}

/**
 * `enrichment run`: enqueue every distinct track the warehouse still lists, let the worker work the
 * queue empty, wait until the sink has written the results (the warehouse no longer lists them),
 * then move the facts of completed tracks off their placeholder keys. Safe to stop and run again:
 * what is done is read from the warehouse, and recently finished jobs are not added again.
 */
export async function runEnrichment(
  handle: EnrichmentHandle,
  options: RunEnrichmentOptions,
): Promise<RunEnrichmentSummary> {
  const intervalMs = options.intervalMs ?? 500;
  const { signal } = options;
  const repointedBefore = await handle.store.repointPlaceholderPlays();
  const { listed, trackIds, names } = await handle.enqueueFromWarehouse();
  const stopped = () => signal?.aborted === true;
  let interrupted = false;
  try {
    await waitUntil(
      async () => {
        if (stopped()) return true;
        const c = await handle.queueCounts();
        return c.waiting + c.active + c.delayed === 0;
      },
      // The queue drains at the rate limit, however long that takes; a stop comes through `signal`.
      { what: 'the enrichment queue to drain', timeoutMs: 365 * 24 * 3_600_000, intervalMs },
    );
    interrupted = stopped();
    const failed = new Set(await handle.failedTrackIds());
    const expected = trackIds.filter((id) => !failed.has(id));
    let remaining = expected.length;
    if (!interrupted) {
      await waitUntil(
        async () => {
          if (stopped()) return true;
          remaining = (await handle.store.filterTracksToEnrich(expected)).size;
          return remaining === 0;
        },
        { what: 'the sink to write the looked-up tracks', timeoutMs: options.settleTimeoutMs, intervalMs },
      ).catch((error: unknown) => {
        if ((error as Error).name !== 'DeadlineExceededError') throw error;
      });
      interrupted = stopped();
    }
    const repointed = repointedBefore + (await handle.store.repointPlaceholderPlays());
    const progress = await handle.store.progress();
    return {
      listed,
      remaining: progress.tracks,
      failed: [...failed],
      repointed,
      searched: names,
      episodes: progress.episodes,
      episodePlays: progress.episodePlays,
      interrupted,
    };
  } catch (error) {
    if (stopped()) {
      const progress = await handle.progress();
      return {
        listed,
        remaining: progress.tracks,
        failed: [],
        repointed: repointedBefore,
        searched: names,
        episodes: progress.episodes,
        episodePlays: progress.episodePlays,
        interrupted: true,
      };
    }
    throw error;
  }
}
