import type { JobsOptions } from 'bullmq';

export interface EnrichJobData {
  readonly trackId: string;
  /**
   * A name-only track (an account-data export's names, `unresolved:` id) to search for by name: is
   * it a podcast episode written into the music files? Absent: a Spotify track id to look up.
   */
  readonly search?: { readonly trackName: string; readonly artistName: string };
}

/** Its own queue (see README: the limiter is its own, the 429 pause is shared with the poller's). */
export const ENRICH_QUEUE_NAME = 'importer-enrich';
export const ENRICH_JOB_NAME = 'enrich-track';

/** One job per track: adding a track whose job is waiting, running or recently done is a no-op. */
export const enrichJobId = (trackId: string) => `track-${trackId}`;

/** One search per name-only track (BullMQ job ids may not hold the id's `:`). */
export const searchJobId = (trackId: string) => `search-${trackId.replace(/^unresolved:/, '')}`;

/** 22 base62 characters: a Spotify id (an `unresolved:` name-only id can never be looked up). */
export const isSpotifyTrackId = (id: string) => /^[0-9A-Za-z]{22}$/.test(id);

/**
 * 5xx and network errors are retried with exponential backoff and jitter (a 429 spends no attempt).
 * A finished job is kept a day: while the sink has not yet written what it published, the warehouse
 * still lists the track, and the kept job id stops a restarted run from looking it up again. After
 * that the warehouse alone decides, so a lookup whose records never arrived is simply done again.
 */
export const ENRICH_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 500, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3_600 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};
