/**
 * Where each play that recently-played served but the warehouse lacks went missing, from what the
 * pipeline left behind: the raw and fact topics, the poller's committed cursors, and the
 * simulator's truth. Pure: the chaos run reads the topics and hands them in.
 */

import { playKey } from '../support/play-keys.ts';

/** A served play the warehouse lacks. Times are unix ms; `syncedAtSimMs` is simulated time. */
export interface MissingPlay {
  readonly accountId: string;
  readonly playedAtMs: number;
  /** When the simulator made it visible (an offline play syncs late): simulated time. */
  readonly syncedAtSimMs: number;
}

/** One committed cursor record of the poller (the cursor topic, read committed). */
export interface CommittedCursor {
  readonly accountId: string;
  /** Oldest played_at of the response that made it: its 50-play window's floor. */
  readonly floor: number | null;
  /** played_at of every published play at or above `floor`. */
  readonly published: readonly number[];
  /** Real time the poller received that response. */
  readonly updatedAt: number;
}

export type LossStage =
  /** On the fact topic, not in the warehouse: the sink lost it. */
  | 'fact-not-stored'
  /** On the raw topic, not on the fact topic: the normalizer lost it. */
  | 'raw-not-fact'
  /** A committed cursor says it was published, yet the raw topic lacks it: the transaction was not atomic. */
  | 'cursor-without-raw'
  /** A committed poll's window held it, visible, and the poller did not publish it: the poller skipped it. */
  | 'skipped-by-poll'
  /**
   * Every response that served it went to a poll that never committed (the poller killed, Redis or
   * the transaction's broker gone), and it had left the newest 50 before the next committed poll.
   * Like `unseen`: no poll that reached Kafka could have had it.
   */
  | 'left-window-uncommitted';

/** The pipeline's own losses: a play it had in hand and did not deliver. */
export const PIPELINE_LOSS_STAGES: readonly LossStage[] = [
  'fact-not-stored',
  'raw-not-fact',
  'cursor-without-raw',
  'skipped-by-poll',
];

export interface StageInputs {
  readonly rawKeys: ReadonlySet<string>;
  readonly factKeys: ReadonlySet<string>;
  readonly cursors: readonly CommittedCursor[];
  /**
   * The simulated time the simulator's clock showed at a real instant, at the latest. The chaos run
   * logs its clock steps; a step racing a response is resolved towards "not yet visible", so that
   * `skipped-by-poll` is only ever said of a play the poll certainly saw.
   */
  readonly simTimeAt: (realMs: number) => number;
}

export function lossStage(play: MissingPlay, inputs: StageInputs): LossStage {
  const key = playKey(play.accountId, play.playedAtMs);
  if (inputs.factKeys.has(key)) return 'fact-not-stored';
  if (inputs.rawKeys.has(key)) return 'raw-not-fact';
  const own = inputs.cursors.filter((c) => c.accountId === play.accountId);
  if (own.some((c) => c.published.includes(play.playedAtMs))) return 'cursor-without-raw';
  const saw = own.some((c) => {
    if (c.floor === null || c.published.length === 0) return false;
    // The response listed the newest 50 visible plays; every visible play at or above its floor
    // (and not newer than its newest) was in it.
    const newest = Math.max(...c.published);
    return (
      play.playedAtMs >= c.floor &&
      play.playedAtMs <= newest &&
      play.syncedAtSimMs <= inputs.simTimeAt(c.updatedAt)
    );
  });
  return saw ? 'skipped-by-poll' : 'left-window-uncommitted';
}

/** Counts by stage (every stage present, zeros included), and a few examples of each for the log. */
export function lossStages(
  plays: readonly MissingPlay[],
  inputs: StageInputs,
): { readonly counts: Record<LossStage, number>; readonly examples: Record<LossStage, string[]> } {
  const stages: LossStage[] = [...PIPELINE_LOSS_STAGES, 'left-window-uncommitted'];
  const counts = Object.fromEntries(stages.map((s) => [s, 0])) as Record<LossStage, number>;
  const examples = Object.fromEntries(stages.map((s) => [s, []])) as unknown as Record<LossStage, string[]>;
  for (const play of plays) {
    const stage = lossStage(play, inputs);
    counts[stage] += 1;
    if (examples[stage].length < 5)
      examples[stage].push(`${play.accountId}@${new Date(play.playedAtMs).toISOString()}`);
  }
  return { counts, examples };
}

/**
 * The simulated time at a real instant, from the run's log of clock steps (real ms, simulated ms
 * after the step), oldest first: the step before `realMs - slackMs`, so a response served just
 * before a step is not credited with the step's plays.
 */
export function simTimeFromSteps(
  steps: readonly { readonly realMs: number; readonly simMs: number }[],
  slackMs: number,
): (realMs: number) => number {
  return (realMs) => {
    let sim = Number.NEGATIVE_INFINITY;
    for (const step of steps) {
      if (step.realMs > realMs - slackMs) break;
      sim = step.simMs;
    }
    return sim;
  };
}
