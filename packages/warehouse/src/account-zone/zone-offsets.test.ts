import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { keysIn } from '../testing/fixtures.ts';
import { isKnownZone, keysAtOffset, zoneOffsetSpans } from './zone-offsets.ts';

/** keysIn's keys under the names keysAtOffset gives them. */
const intlKeys = (ms: number, zone: string) => {
  const { date, time } = keysIn(new Date(ms), zone);
  return { dateKey: date, timeKey: time };
};

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe', // 30-minute DST
  'Asia/Kathmandu', // +05:45
  'America/St_Johns', // -03:30 with DST
  'Pacific/Apia', // skipped a whole day in 2011
  'Asia/Tokyo',
];

test('spans of constant offset give every instant the local keys Intl gives it, across DST and odd offsets', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...ZONES),
      fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2035, 0, 1) }),
      fc.integer({ min: 0, max: 3 * 365 * 86_400_000 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }),
      (zone, from, length, points) => {
        const to = from + length;
        const spans = zoneOffsetSpans(zone, from, to);
        assert.equal(spans[0]!.fromMs, from);
        assert.equal(spans.at(-1)!.toMs, to + 1);
        for (let i = 1; i < spans.length; i++) {
          assert.equal(spans[i]!.fromMs, spans[i - 1]!.toMs, 'spans are contiguous');
          assert.notEqual(spans[i]!.offsetS, spans[i - 1]!.offsetS, 'a new span is a new offset');
        }
        for (const point of points) {
          const ms = Math.floor(from + point * length);
          const span = spans.find((s) => s.fromMs <= ms && ms < s.toMs)!;
          assert.deepEqual(
            keysAtOffset(ms, span.offsetS),
            intlKeys(ms, zone),
            `${zone} ${new Date(ms).toISOString()}`,
          );
        }
      },
    ),
    { numRuns: 200 },
  );
});

test('the instants either side of a DST change fall into their own spans', () => {
  // Europe/Berlin went to summer time at 2024-03-31T01:00:00Z.
  const change = Date.UTC(2024, 2, 31, 1);
  const spans = zoneOffsetSpans('Europe/Berlin', Date.UTC(2024, 2, 1), Date.UTC(2024, 3, 1));
  assert.deepEqual(
    spans.map((s) => [s.fromMs, s.toMs, s.offsetS]),
    [
      [Date.UTC(2024, 2, 1), change, 3600],
      [change, Date.UTC(2024, 3, 1) + 1, 7200],
    ],
  );
  assert.deepEqual(keysAtOffset(change - 1, 3600), { dateKey: 20240331, timeKey: 159 });
  assert.deepEqual(keysAtOffset(change, 7200), { dateKey: 20240331, timeKey: 300 });
});

test('isKnownZone', () => {
  assert.equal(isKnownZone('Europe/Berlin'), true);
  assert.equal(isKnownZone('Mars/Olympus_Mons'), false);
  assert.equal(isKnownZone(' '), false);
});
