import type { Catalogue } from '../catalogue.ts';
import { SeededRandom } from '../random.ts';
import type { TruthPlay } from '../sim.ts';
import type { ExportPlay } from './export-play.ts';
import { ExportWriter, type ExportWriterOptions, type WrittenExport } from './export-writer.ts';
import {
  catalogueEpisodePlay,
  episodePlay,
  removedTrackPlay,
  trackPlay,
  unknownLocalPlay,
} from './play-details.ts';

export interface ExportFromTruthOptions extends Omit<ExportWriterOptions, 'formats'> {
  /** `sim.truth(accountId)`: every play the account made, oldest first. */
  readonly truth: readonly TruthPlay[];
  /** `simCatalogue(options)` with the options the sim was started with. */
  readonly catalogue: Catalogue;
  /** The account's country (`sim.accounts()`), written as conn_country. */
  readonly country: string;
  readonly formats?: ExportWriterOptions['formats'];
  readonly seed?: number;
  /** Share of gaps between true plays that get a podcast episode (default 0.05). */
  readonly episodeShare?: number;
  /** Share of gaps that get a play of a track since removed from Spotify (default 0.02). */
  readonly removedTrackShare?: number;
  /**
   * Episodes of the catalogue's podcasts (found by the simulator's search and episode lookup)
   * instead of invented ones. Default false, which keeps the exports of a seed as they were.
   */
  readonly episodesFromCatalogue?: boolean;
}

/** A play the export holds that the sim's truth does not: a track the sim's Web API 404s on. */
export interface RemovedTrackPlay {
  readonly trackId: string;
  readonly endMs: number;
  readonly msPlayed: number;
}

export interface TruthExport extends WrittenExport {
  readonly truthPlays: number;
  readonly episodes: number;
  /** The podcast episodes' plays written, in time order. */
  readonly episodePlays: readonly ExportPlay[];
  readonly removedTrackPlays: readonly RemovedTrackPlay[];
}

/**
 * The data export Spotify would hand this account: every true play (those under 30 s, offline ones
 * with their offline_timestamp quirks and local files included), plus podcast episodes and plays of
 * tracks since removed (the sim 404s on them), placed in gaps between true plays so no time is
 * shared. Local files: the truth does not say which file was played, so their names are invented.
 */
export async function writeExportFromTruth(options: ExportFromTruthOptions): Promise<TruthExport> {
  const random = new SeededRandom(options.seed ?? 0xe4_9047);
  const episodeShare = options.episodeShare ?? 0.05;
  const removedShare = options.removedTrackShare ?? 0.02;
  const writer = await ExportWriter.create({
    ...options,
    formats: options.formats ?? ['extended', 'account-data'],
  });
  const removed: RemovedTrackPlay[] = [];
  const episodePlays: ExportPlay[] = [];
  const { truth, catalogue, country } = options;
  for (let i = 0; i < truth.length; i++) {
    const play = truth[i]!;
    const base = { endMs: play.playedAt.getTime(), msPlayed: play.msPlayed, offline: play.offline, country };
    const track = play.trackId === null ? undefined : catalogue.track(play.trackId);
    const exported: ExportPlay = track
      ? trackPlay(random, catalogue, track, base)
      : unknownLocalPlay(random, base);
    await writer.add(exported);
    const next = truth[i + 1];
    if (!next) continue;
    // A whole free second (and minute, for account data) between this play and the next.
    const gapStart = Math.floor(base.endMs / 60_000) * 60_000 + 60_000;
    const gapEnd = Math.floor(next.playedAt.getTime() / 60_000) * 60_000 - 60_000;
    if (gapEnd - gapStart < 120_000) continue;
    const at = gapStart + 60_000 + random.int(0, 58) * 1000;
    const extraBase = { endMs: at, msPlayed: random.int(30_000, 600_000), offline: false, country };
    if (random.chance(episodeShare)) {
      const episode = options.episodesFromCatalogue
        ? catalogueEpisodePlay(random, catalogue, extraBase)
        : episodePlay(random, extraBase);
      await writer.add(episode);
      episodePlays.push(episode);
    } else if (random.chance(removedShare)) {
      const extra = removedTrackPlay(random, catalogue, extraBase);
      await writer.add(extra);
      removed.push({ trackId: extra.id!, endMs: Math.floor(at / 1000) * 1000, msPlayed: extra.msPlayed });
    }
  }
  const written = await writer.close();
  return {
    ...written,
    truthPlays: truth.length,
    episodes: episodePlays.length,
    episodePlays,
    removedTrackPlays: removed,
  };
}
