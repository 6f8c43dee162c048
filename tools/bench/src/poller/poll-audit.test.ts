import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditPlays, lastPolls, longestGaps } from './poll-audit.ts';

test('the longest gap runs from the last poll before the window, between polls, and to its end', () => {
  const polls = [
    { accountId: 'a', atMs: 50 },
    { accountId: 'a', atMs: 130 },
    { accountId: 'a', atMs: 150 },
    { accountId: 'b', atMs: 190 },
    { accountId: 'b', atMs: 250 },
  ];
  const gaps = longestGaps(polls, ['a', 'b', 'c'], {
    sinceMs: 0,
    lastBefore: lastPolls(polls, 100),
    fromMs: 100,
    toMs: 200,
  });
  // a: 50 -> 130 (80), 130 -> 150, 150 -> 200 (50); b: never before, 0 -> 190; c: never polled.
  assert.deepEqual(Object.fromEntries(gaps), { a: 80, b: 190, c: 200 });
});

test('a play is missed when it synced before the last poll and never reached the raw topic', () => {
  const truth = [
    { playedAtMs: 10, syncedAtMs: 10 }, // before the seed: not the run's
    { playedAtMs: 110, syncedAtMs: 110 },
    { playedAtMs: 120, syncedAtMs: 120 },
    { playedAtMs: 90, syncedAtMs: 140 }, // offline, synced late
    { playedAtMs: 300, syncedAtMs: 300 }, // after the last poll: not yet due
  ];
  const span = { seededAtMs: 100, lastPollMs: 200 };
  assert.deepEqual(auditPlays(truth, [110, 90, 300], span), {
    missed: 1,
    unexpected: 0,
    duplicates: 0,
    expected: 3,
  });
  assert.deepEqual(auditPlays(truth, [110, 120, 90, 90, 10, 55], span), {
    missed: 0,
    unexpected: 2,
    duplicates: 1,
    expected: 3,
  });
});
