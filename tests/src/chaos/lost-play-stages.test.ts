import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type CommittedCursor,
  lossStage,
  lossStages,
  type StageInputs,
  simTimeFromSteps,
} from './lost-play-stages.ts';

const MIN = 60_000;
const play = (playedAtMs: number, syncedAtSimMs = playedAtMs) => ({
  accountId: 'a',
  playedAtMs,
  syncedAtSimMs,
});
const cursor = (floor: number, published: number[], updatedAt: number): CommittedCursor => ({
  accountId: 'a',
  floor,
  published,
  updatedAt,
});
const inputs = (over: Partial<StageInputs> = {}): StageInputs => ({
  rawKeys: new Set(),
  factKeys: new Set(),
  cursors: [],
  simTimeAt: () => Number.POSITIVE_INFINITY,
  ...over,
});

test('a play on the fact topic is the sink`s, on the raw topic the normalizer`s', () => {
  assert.equal(
    lossStage(play(5), inputs({ factKeys: new Set(['a@5']), rawKeys: new Set(['a@5']) })),
    'fact-not-stored',
  );
  assert.equal(lossStage(play(5), inputs({ rawKeys: new Set(['a@5']) })), 'raw-not-fact');
});

test('a committed cursor that lists a play the raw topic lacks is a broken transaction', () => {
  assert.equal(
    lossStage(play(5 * MIN), inputs({ cursors: [cursor(MIN, [5 * MIN], 0)] })),
    'cursor-without-raw',
  );
});

test('a committed window that held the visible play without publishing it is a skip', () => {
  const c = cursor(MIN, [9 * MIN, 2 * MIN], 100);
  assert.equal(lossStage(play(5 * MIN), inputs({ cursors: [c] })), 'skipped-by-poll');
  // The same window, but the play synced (offline) after that poll: not shown then.
  assert.equal(
    lossStage(play(5 * MIN, 20 * MIN), inputs({ cursors: [c], simTimeAt: () => 10 * MIN })),
    'left-window-uncommitted',
  );
  // Below the floor or above the newest published play: outside that window.
  assert.equal(lossStage(play(0), inputs({ cursors: [c] })), 'left-window-uncommitted');
  assert.equal(lossStage(play(10 * MIN), inputs({ cursors: [c] })), 'left-window-uncommitted');
  // Another listener's cursor says nothing about this one.
  assert.equal(
    lossStage(play(5 * MIN), inputs({ cursors: [{ ...c, accountId: 'b' }] })),
    'left-window-uncommitted',
  );
});

test('counts every stage, zeros included', () => {
  const { counts, examples } = lossStages([play(1), play(2)], inputs({ rawKeys: new Set(['a@1']) }));
  assert.deepEqual(counts, {
    'fact-not-stored': 0,
    'raw-not-fact': 1,
    'cursor-without-raw': 0,
    'skipped-by-poll': 0,
    'left-window-uncommitted': 1,
  });
  assert.equal(examples['raw-not-fact'].length, 1);
});

test('simulated time at an instant is the step before it, less the slack', () => {
  const at = simTimeFromSteps(
    [
      { realMs: 0, simMs: 1000 },
      { realMs: 2500, simMs: 2000 },
      { realMs: 5000, simMs: 3000 },
    ],
    1000,
  );
  assert.equal(at(-1), Number.NEGATIVE_INFINITY);
  assert.equal(at(3000), 1000);
  assert.equal(at(3500), 2000);
  assert.equal(at(60_000), 3000);
});
