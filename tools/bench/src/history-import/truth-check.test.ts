import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExpectedPlay } from './ten-year-listening.ts';
import { checkAgainstTruth, type FactRow } from './truth-check.ts';

const T0 = Date.parse('2025-06-01T12:00:00.000Z');
const TOL = 90_000;

const polled: ExpectedPlay = { trackId: 'a', playedAtMs: T0 + 1_234, msPlayed: 200_000, polled: true };
const imported: ExpectedPlay = { trackId: 'b', playedAtMs: T0 + 300_567, msPlayed: 40_000, polled: false };
/** The same track again a track length later: a second listen, not a copy. */
const repeat: ExpectedPlay = { trackId: 'a', playedAtMs: T0 + 201_999, msPlayed: 200_000, polled: false };

function rowOf(play: ExpectedPlay): FactRow {
  const second = Math.floor(play.playedAtMs / 1000) * 1000;
  return {
    playedAtMs: play.polled ? play.playedAtMs : second,
    trackId: play.trackId,
    source: play.polled ? 'api' : 'history_import',
    msPlayed: play.msPlayed,
    historyPlayedAtMs: second,
  };
}

describe('checkAgainstTruth', () => {
  const expected = [polled, repeat, imported];

  it('accepts one row per true play at its polled (ms) or exported (s) time', () => {
    const result = checkAgainstTruth(expected, expected.map(rowOf), TOL);
    assert.deepEqual(result.problems, []);
    assert.equal(result.ok, true);
    assert.equal(result.matched, 3);
    assert.equal(result.polledKept, 1);
    assert.equal(result.duplicateListens, 0);
  });

  it('fails on a second copy of a polled listen (the imported one not merged)', () => {
    const copy: FactRow = { ...rowOf({ ...polled, polled: false }) };
    const result = checkAgainstTruth(expected, [...expected.map(rowOf), copy], TOL);
    assert.equal(result.ok, false);
    assert.equal(result.extra, 1);
    assert.equal(result.duplicateListens, 1);
    assert.match(result.problems.join('\n'), /rows of a within 90000 ms/);
  });

  it('counts no copy where an imported row sits in its second after its true play, just inside the window of another', () => {
    // Two imported listens of one track 90.4 s apart: the earlier one is keyed at its export
    // second + a slot of 999 ms, 0.6 s after its true time and so 89.8 s before the later play.
    const first: ExpectedPlay = { trackId: 'c', playedAtMs: T0 + 500_400, msPlayed: 40_000, polled: false };
    const later: ExpectedPlay = { trackId: 'c', playedAtMs: T0 + 590_800, msPlayed: 40_000, polled: false };
    const slotted = (play: ExpectedPlay, slot: number): FactRow => ({
      ...rowOf(play),
      playedAtMs: Math.floor(play.playedAtMs / 1000) * 1000 + slot,
    });
    const result = checkAgainstTruth([first, later], [slotted(first, 999), slotted(later, 0)], TOL);
    assert.deepEqual(result.problems, []);
    assert.equal(result.duplicateListens, 0);
    assert.equal(result.ok, true);
  });

  it('fails when a polled play lost its ms played_at to the export second', () => {
    const rows = [
      { ...rowOf(polled), playedAtMs: Math.floor(polled.playedAtMs / 1000) * 1000 },
      rowOf(repeat),
      rowOf(imported),
    ];
    const result = checkAgainstTruth(expected, rows, TOL);
    assert.equal(result.ok, false);
    assert.equal(result.missing, 1);
    assert.equal(result.extra, 1);
    assert.equal(result.polledKept, 0);
  });

  it('fails on a missing play, a wrong track, a wrong source and missing export fields', () => {
    assert.equal(checkAgainstTruth(expected, [rowOf(polled), rowOf(imported)], TOL).missing, 1);
    const wrong = checkAgainstTruth(
      expected,
      [
        { ...rowOf(polled), historyPlayedAtMs: null, msPlayed: null },
        { ...rowOf(repeat), trackId: 'c' },
        { ...rowOf(imported), source: 'api' },
      ],
      TOL,
    );
    assert.equal(wrong.ok, false);
    assert.equal(wrong.wrongFields, 3);
    assert.match(wrong.problems.join('\n'), /history_played_at null/);
    assert.match(wrong.problems.join('\n'), /track c, not a/);
    assert.match(wrong.problems.join('\n'), /source api, not history_import/);
  });
});
