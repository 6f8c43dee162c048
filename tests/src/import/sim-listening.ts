import type { RawPlay, RawPlayAccount } from '@spotify-pipeline/avro';
import { polledRawPlay } from '@spotify-pipeline/bench';
import {
  type SpotifySim,
  simCatalogue,
  startSpotifySim,
  type TruthPlay,
} from '@spotify-pipeline/spotify-sim';

export const SIM_OPTIONS = { seed: 7, accounts: 1, historyHours: 30, offlineShare: 0.2 } as const;

/** A simulated listener: its true plays, and the plays recently-played shows, as the poller maps them. */
export interface SimListening {
  readonly sim: SpotifySim;
  readonly account: RawPlayAccount;
  readonly truth: readonly TruthPlay[];
  /** The true plays the warehouse must hold: heard >= 30 s, Spotify tracks (not local files). */
  readonly expected: readonly TruthPlay[];
  readonly polled: readonly RawPlay[];
}

export async function simListening(): Promise<SimListening> {
  const sim = await startSpotifySim({
    ...SIM_OPTIONS,
    clock: { mode: 'manual', start: new Date('2024-05-01T00:00:00Z') },
  });
  const catalogue = simCatalogue(SIM_OPTIONS);
  const info = sim.accounts()[0]!;
  const account: RawPlayAccount = {
    id: info.id,
    time_zone: info.timeZone,
    display_name: info.displayName,
    country: info.country,
  };
  const truth = sim.truth(info.id);
  const expected = truth.filter((p) => p.msPlayed >= 30_000 && !p.isLocal && p.trackId !== null);
  // What recently-played lists, mapped as services/poller/src/poll/to-raw-play.ts maps it.
  const polled = truth
    .filter((p) => p.visible && !p.isLocal && p.trackId !== null)
    .map((p) => polledRawPlay(p, account, catalogue));
  return { sim, account, truth, expected, polled };
}
