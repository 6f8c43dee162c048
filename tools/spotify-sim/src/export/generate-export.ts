import { Catalogue } from '../catalogue.ts';
import { SeededRandom } from '../random.ts';
import type { ExportPlay } from './export-play.ts';
import { ExportWriter, type ExportWriterOptions, type WrittenExport } from './export-writer.ts';
import { audiobookPlay, episodePlay, removedTrackPlay, trackPlay, videoPlay } from './play-details.ts';

export interface GenerateExportOptions extends Partial<Omit<ExportWriterOptions, 'out'>> {
  readonly out: string;
  readonly seed: number;
  /** Entries in all (every kind). */
  readonly plays: number;
  readonly years: number;
  /** When the history ends (default 2026-01-01). */
  readonly end?: Date;
  readonly catalogueSize?: number;
  readonly country?: string;
}

/** What an import with default options (30 s minimum, incognito kept) should report. */
export interface ExpectedImport {
  readonly entries: number;
  readonly publishable: number;
  readonly skipped: {
    readonly 'podcast-episode': number;
    readonly audiobook: number;
    readonly video: number;
    readonly 'under-minimum-play-time': number;
  };
  readonly incognito: number;
}

export interface GeneratedExport extends WrittenExport {
  /** For the extended format. */
  readonly expected: ExpectedImport;
}

const YEAR_MS = 365.25 * 24 * 3_600_000;

/**
 * A realistic export of `plays` entries over `years` for the benchmark, generated and written as a
 * stream in time order (only one file's entries are in memory at a time): mostly catalogue tracks,
 * 12 % heard under 30 s, 10 % offline with offline_timestamp quirks, local files, podcast episodes,
 * audiobooks, videos, incognito plays and tracks since removed from Spotify.
 */
export async function generateExport(options: GenerateExportOptions): Promise<GeneratedExport> {
  if (!Number.isInteger(options.plays) || options.plays < 0)
    throw new RangeError(`plays must be an integer >= 0, got ${options.plays}`);
  if (!(options.years > 0)) throw new RangeError(`years must be > 0, got ${options.years}`);
  const random = new SeededRandom(options.seed);
  const catalogue = new Catalogue({ seed: options.seed, size: options.catalogueSize ?? 5_000 });
  const writer = await ExportWriter.create({
    out: options.out,
    layout: options.layout ?? 'zip',
    formats: options.formats ?? ['extended'],
    ...(options.entriesPerFile === undefined ? {} : { entriesPerFile: options.entriesPerFile }),
  });
  const country = options.country ?? 'SE';
  const endMs = (options.end ?? new Date('2026-01-01T00:00:00Z')).getTime();
  const span = options.years * YEAR_MS;
  const meanGap = span / Math.max(1, options.plays);
  let atMs = endMs - span;
  const expected = { entries: 0, publishable: 0, incognito: 0 };
  const skipped = { 'podcast-episode': 0, audiobook: 0, video: 0, 'under-minimum-play-time': 0 };
  for (let i = 0; i < options.plays; i++) {
    // At least a second apart, so every entry has its own `ts`.
    atMs = Math.floor(atMs / 1000) * 1000 + 1000 + Math.round(random.exponential(meanGap));
    const roll = random.next();
    const short = random.chance(0.12);
    const track = random.pick(catalogue.tracks);
    const msPlayed = short ? random.int(0, 29_999) : random.int(30_000, Math.max(30_000, track.durationMs));
    const base = { endMs: atMs, msPlayed, offline: random.chance(0.1), country };
    let play: ExportPlay;
    if (roll < 0.03) play = episodePlay(random, base);
    else if (roll < 0.035) play = audiobookPlay(random, base);
    else if (roll < 0.037) play = videoPlay(random, catalogue, base);
    else if (roll < 0.042) play = removedTrackPlay(random, catalogue, base);
    else play = trackPlay(random, catalogue, track, base);
    await writer.add(play);
    expected.entries++;
    if (play.kind === 'episode') skipped['podcast-episode']++;
    else if (play.kind === 'audiobook') skipped.audiobook++;
    else if (play.kind === 'video') skipped.video++;
    else if (play.msPlayed < 30_000) skipped['under-minimum-play-time']++;
    else {
      expected.publishable++;
      if (play.incognito) expected.incognito++;
    }
  }
  const written = await writer.close();
  return { ...written, expected: { ...expected, skipped } };
}
