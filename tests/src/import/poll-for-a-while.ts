import { codecs, type RawPlay, type RawPlayAccount } from '@spotify-pipeline/avro';
import type { Closer } from '@spotify-pipeline/runtime';
import { type SpotifySim, startSpotifySim, type TruthPlay } from '@spotify-pipeline/spotify-sim';
import { linkListeners } from '../e2e/link-listeners.ts';
import type { PipelineWorld } from '../support/pipeline-world.ts';
import { readTopics } from '../support/topic-reader.ts';
import { startWorldPoller } from '../support/world-poller.ts';
import { SIM_OPTIONS } from './sim-listening.ts';

/** What the real poller did to a simulated listener, and what the listener truly played. */
export interface PolledStretch {
  readonly sim: SpotifySim;
  readonly account: RawPlayAccount;
  /** Every true play up to the end of the stretch (the history before it included). */
  readonly truth: readonly TruthPlay[];
  /** The true plays the warehouse must hold: heard >= 30 s, Spotify tracks (not local files). */
  readonly expected: readonly TruthPlay[];
  /** played_at (ms) of every play recently-played served: the poller published each once. */
  readonly shownMs: ReadonlySet<number>;
  /** What the poller published, as it is on the raw topic. */
  readonly published: readonly RawPlay[];
}

/**
 * Links the simulator's one listener to a real poller (its /link and /callback), then moves the
 * simulated clock `steps` times by `stepMs`, waiting after each step for a poll that started after
 * it: the poller sees what recently-played shows during the stretch, offline plays syncing late
 * included. Returns once everything the poller published is on the world's raw topic.
 */
export async function pollForAWhile(
  world: PipelineWorld,
  closer: Closer,
  { steps, stepMs }: { steps: number; stepMs: number },
): Promise<PolledStretch> {
  const sim = await startSpotifySim({
    ...SIM_OPTIONS,
    clock: { mode: 'manual', start: new Date('2024-05-01T00:00:00Z') },
  });
  closer.add('simulator', () => sim.stop());
  const { handle, log } = await startWorldPoller(world, sim, closer);
  const [accountId] = await linkListeners(sim, handle.url);
  const info = sim.accounts().find((a) => a.id === accountId)!;
  for (let step = 0; step <= steps; step++) {
    const mark = log.seq;
    if (step > 0) sim.clock.advance(stepMs);
    await log.pollAfter(info.id, mark, 60_000);
  }
  const shownMs = new Set(sim.shown(info.id).map((d) => d.getTime()));
  const messages = await readTopics(world.kafka.kafka, [world.topics.rawPlays.name], {
    atLeast: shownMs.size,
    timeoutMs: 60_000,
  });
  const published = messages.map((m) => codecs.rawPlay.decode(m.message.value!));
  const truth = sim.truth(info.id);
  return {
    sim,
    account: { id: info.id, time_zone: info.timeZone, display_name: info.displayName, country: info.country },
    truth,
    expected: truth.filter((p) => p.msPlayed >= 30_000 && !p.isLocal && p.trackId !== null),
    shownMs,
    published,
  };
}
