import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type MapOptions, mapExportPlay } from '../map-export-play.ts';
import type { ExportFileKind } from './classify-file.ts';
import { ListenPlanner, positionKey } from './listen-identity.ts';

const OPTIONS: MapOptions = {
  account: { id: 'acc1', time_zone: 'UTC', display_name: null, country: null },
  fetchedAt: new Date('2026-01-01T00:00:00Z'),
  minPlayMs: 0,
  skipIncognito: false,
};
const MUSIC: ExportFileKind = { format: 'account-data', content: 'audio' };

/** Account-data rows crowded into two minutes of two songs: equal minutes and exact repeats. */
const rowArb = fc.record({
  endTime: fc.constantFrom('2024-01-01 10:00', '2024-01-01 10:01'),
  artistName: fc.constant('Robyn'),
  trackName: fc.constantFrom('Dancing On My Own', 'Hang With Me'),
  msPlayed: fc.constantFrom(0, 31_000, 200_000),
});

/** The listens' keys when `rows` are split into files at `cuts` and the files read in `order`. */
function keys(rows: readonly Record<string, unknown>[], cuts: readonly number[], order: readonly number[]) {
  const bounds = [0, ...cuts, rows.length];
  const files = bounds.slice(1).map((end, i) => rows.slice(bounds[i], end));
  const planner = new ListenPlanner();
  const positions = new Map<number, Record<string, unknown>>();
  order.forEach((f, fileIndex) => {
    files[f]!.forEach((row, entryIndex) => {
      const mapped = mapExportPlay(row, 'account-data', MUSIC, OPTIONS);
      assert.ok(mapped.ok);
      positions.set(positionKey(fileIndex, entryIndex), row);
      planner.add(positionKey(fileIndex, entryIndex), 'export', 'account-data', mapped.play);
    });
  });
  const plan = planner.plan();
  return [...plan.entries()]
    .map(([position, listen]) => `${listen.playedAt} ${JSON.stringify(positions.get(position))}`)
    .sort();
}

describe('ListenPlanner', () => {
  it('gives every listen the same key however the export is split into files and in which order they are read', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.nat(),
        (rows, rawCuts, seed) => {
          const cuts = [...new Set(rawCuts.map((c) => c % rows.length))]
            .filter((c) => c > 0)
            .sort((a, b) => a - b);
          const files = cuts.length + 1;
          const order = Array.from({ length: files }, (_, i) => (i + seed) % files);
          const whole = keys(rows, [], [0]);
          assert.equal(whole.length, rows.length, 'equal account-data rows are as many listens');
          assert.equal(new Set(whole.map((k) => k.split(' ')[0])).size, rows.length, 'each has its own key');
          assert.deepEqual(keys(rows, cuts, order), whole);
        },
      ),
    );
  });
});
