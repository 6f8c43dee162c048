import type { RawPlay, RawPlayAccount } from '@spotify-pipeline/avro';
import {
  simCatalogue,
  startSpotifySim,
  type TruthExport,
  type TruthPlay,
  writeExportFromTruth,
} from '@spotify-pipeline/spotify-sim';
import { polledRawPlay } from './polled-raw-play.ts';

const DAY_MS = 86_400_000;
/** Spotify counts a stream from 30 s; the importer skips shorter plays and recently-played omits them. */
export const MIN_KEPT_MS = 30_000;

export interface LongListeningOptions {
  /** True plays wanted over the whole history (the sim makes ~350k in ten years; fewer are thinned out). */
  readonly plays: number;
  readonly years?: number;
  /** The most recent stretch that the poller polled (default 14 days, ~1k plays; at most half of `plays`). */
  readonly polledDays?: number;
  readonly seed?: number;
  /** When the history ends: the moment of the import. */
  readonly end?: Date;
}

/** One play the warehouse must hold, and how it must hold it. */
export interface ExpectedPlay {
  readonly trackId: string;
  /** The true played_at, ms precision. */
  readonly playedAtMs: number;
  readonly msPlayed: number;
  /** A polled copy arrived before the import: the row keeps this exact played_at and `source = 'api'`. */
  readonly polled: boolean;
}

export interface LongListening {
  readonly account: RawPlayAccount;
  /** The simulator's true plays of the account, oldest first (the export is written from these). */
  readonly truth: readonly TruthPlay[];
  /** The true plays the warehouse must hold: heard >= 30 s and Spotify tracks (local files are dead-lettered). */
  readonly expected: readonly ExpectedPlay[];
  /** True local-file plays heard >= 30 s: published by the importer, dead-lettered as `local-track`. */
  readonly localKept: number;
  /** What the poller published for the recent stretch, before the import. */
  readonly polled: readonly RawPlay[];
  readonly polledFrom: Date;
  /** Options for `simCatalogue` / `writeExportFromTruth`. */
  readonly simOptions: { readonly seed: number };
}

/**
 * Ten years of one simulated listener (the sim's own sessions, at its default 14 plays an hour),
 * with the most recent days polled. A smaller `plays` keeps the polled stretch whole and thins the
 * older years evenly, so a test gets a ten-year span at a test's size; what is kept is the truth
 * the export is written from, so truth and export always agree.
 */
export async function longListening(options: LongListeningOptions): Promise<LongListening> {
  const years = options.years ?? 10;
  const polledDays = options.polledDays ?? 14;
  const seed = options.seed ?? 20_260_101;
  const end = options.end ?? new Date('2026-01-01T00:00:00Z');
  if (!Number.isInteger(options.plays) || options.plays < 1)
    throw new RangeError(`longListening: plays must be an integer >= 1, got ${options.plays}`);
  if (!(years > 0 && years <= 30))
    throw new RangeError(`longListening: years must be in (0, 30], got ${years}`);
  if (!(polledDays >= 0)) throw new RangeError(`longListening: polledDays must be >= 0, got ${polledDays}`);
  const simOptions = { seed };
  const sim = await startSpotifySim({
    ...simOptions,
    accounts: 1,
    historyHours: Math.round(years * 365.25 * 24),
    clock: { mode: 'manual', start: end },
  });
  let info: ReturnType<typeof sim.accounts>[number];
  let all: TruthPlay[];
  try {
    info = sim.accounts()[0]!;
    all = sim.truth(info.id);
  } finally {
    await sim.stop();
  }
  const account: RawPlayAccount = {
    id: info.id,
    time_zone: info.timeZone,
    display_name: info.displayName,
    country: info.country,
  };
  // A tiny history (the bench's own test) gets a shorter polled stretch: at most half of its plays.
  const halfFrom = all[Math.max(0, all.length - Math.floor(options.plays / 2))]?.playedAt.getTime() ?? 0;
  const polledFromMs = Math.max(end.getTime() - polledDays * DAY_MS, halfFrom);
  // Offline plays made before the stretch but synced during it were polled too: keep them whole.
  const recent = (p: TruthPlay) =>
    p.playedAt.getTime() >= polledFromMs || p.syncedAt.getTime() >= polledFromMs;
  const older = all.filter((p) => !recent(p));
  const recentCount = all.length - older.length;
  const keepOlder = Math.max(0, Math.min(older.length, options.plays - recentCount));
  const keptOlder = new Set<TruthPlay>();
  for (let i = 0; i < keepOlder; i++) keptOlder.add(older[Math.floor((i * older.length) / keepOlder)]!);
  const truth = all.filter((p) => recent(p) || keptOlder.has(p));

  const catalogue = simCatalogue(simOptions);
  const nowMs = end.getTime();
  const wasPolled = (p: TruthPlay) =>
    recent(p) && p.visible && !p.isLocal && p.trackId !== null && p.syncedAt.getTime() <= nowMs;
  const polled = truth.filter(wasPolled).map((p) => polledRawPlay(p, account, catalogue));
  const expected: ExpectedPlay[] = truth
    .filter((p) => p.msPlayed >= MIN_KEPT_MS && !p.isLocal && p.trackId !== null)
    .map((p) => ({
      trackId: p.trackId!,
      playedAtMs: p.playedAt.getTime(),
      msPlayed: p.msPlayed,
      polled: wasPolled(p),
    }));
  const localKept = truth.filter((p) => p.msPlayed >= MIN_KEPT_MS && p.isLocal).length;
  return { account, truth, expected, localKept, polled, polledFrom: new Date(polledFromMs), simOptions };
}

/**
 * Writes the listener's Spotify export (extended streaming history, as a zip) from the truth. No
 * removed tracks: plays the truth does not hold would make the expected set more than the truth.
 */
export function writeListeningExport(listening: LongListening, out: string): Promise<TruthExport> {
  return writeExportFromTruth({
    truth: listening.truth,
    catalogue: simCatalogue(listening.simOptions),
    country: listening.account.country ?? 'SE',
    out,
    layout: 'zip',
    formats: ['extended'],
    removedTrackShare: 0,
  });
}
