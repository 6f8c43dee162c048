import type { EnrichmentProgress } from '@spotify-pipeline/warehouse';
import type { RunEnrichmentSummary } from './run-enrichment.ts';
import type { QueueCounts } from './start-enrichment.ts';

export interface RateLimit {
  readonly max: number;
  readonly durationMs: number;
}

/** How long `lookups` take at the rate limit (one lookup per track); 429 pauses come on top. */
export function estimateMs(lookups: number, rate: RateLimit): number {
  return Math.ceil(lookups / rate.max) * rate.durationMs;
}

/** `42 s`, `7 min`, `3 h 20 min`: precise enough for a wait. */
export function formatDuration(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.ceil(s / 60);
  if (min < 120) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** What `spotify-pipeline enrichment status` prints. */
export function formatEnrichmentStatus(
  progress: EnrichmentProgress,
  counts: QueueCounts | undefined,
  rate: RateLimit,
): string {
  const lines = [
    `tracks to look up:      ${progress.tracks}`,
    `plays on export names:  ${progress.placeholderPlays} (album/artist not known yet)`,
    `tracks unavailable:     ${progress.unavailable} (Spotify answered 404; they keep the export's names)`,
    `names to search:        ${progress.namesToSearch} (name-only tracks of account-data exports: podcast episodes or music?)`,
    `podcast episodes:       ${progress.episodes} found among the music (${progress.episodePlays} play(s), kept out of the music views)`,
  ];
  if (counts) {
    lines.push(
      `queue:                  ${counts.waiting} waiting, ${counts.active} running, ${counts.delayed} retrying, ${counts.failed} failed`,
    );
  } else {
    lines.push('queue:                  unknown (Redis unreachable)');
  }
  lines.push(
    progress.tracks + progress.namesToSearch === 0
      ? 'estimate:               nothing left to look up'
      : `estimate:               about ${formatDuration(estimateMs(progress.tracks + progress.namesToSearch, rate))} at ${rate.max} lookup(s) per ${rate.durationMs} ms, longer if Spotify answers 429`,
  );
  return lines.join('\n');
}

/** What `spotify-pipeline enrichment run` prints when it ends. */
export function formatRunSummary(summary: RunEnrichmentSummary): string {
  const lines = [
    `${summary.listed} track(s) were to look up; ${summary.remaining} still are`,
    `${summary.repointed} play(s) moved from the export's names to the track's album and artist`,
    `${summary.searched} name-only track(s) searched by name; ${summary.episodes} podcast episode(s) (${summary.episodePlays} play(s)) found among the music, kept out of the music views (v_podcast_plays lists them)`,
  ];
  if (summary.failed.length > 0) lines.push(`lookups failed for good: ${summary.failed.join(', ')}`);
  if (summary.interrupted) lines.push('interrupted: run the same command again to go on');
  else if (summary.remaining > 0)
    lines.push('the sink has not written every result yet (or lookups failed): run again later to finish');
  return lines.join('\n');
}
