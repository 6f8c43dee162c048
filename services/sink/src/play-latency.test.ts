import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { BatchItem } from './batch-item.ts';
import { playLatencies } from './play-latency.ts';
import { SINK_TABLES, type SinkTable } from './sink-tables.ts';

const plays = SINK_TABLES.find((t) => t.topicId === 'plays') as SinkTable;
const artists = SINK_TABLES.find((t) => t.topicId === 'artists') as SinkTable;
const item = (table: SinkTable | undefined, timestamp: string | undefined): BatchItem => {
  const source = {
    topic: 't',
    partition: 0,
    offset: '0',
    key: null,
    value: null,
    headers: undefined,
    ...(timestamp === undefined ? {} : { timestamp }),
  };
  return table === undefined
    ? { source }
    : { source, entry: { table, naturalKey: 'k', record: {} as never, source } };
};

test('a fact counts from its record timestamp to the commit; dimensions and dead letters do not count', () => {
  const items = [
    item(plays, '1000'),
    item(artists, '1000'),
    item(undefined, '1000'),
    item(plays, '2500'),
    item(plays, undefined),
    item(plays, '9000'),
  ];
  assert.deepEqual(playLatencies(items, 4000), [3, 1.5, 0]);
});

test('a batch gives at most `max` even samples, each a true latency of one of its facts', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 300 }),
      fc.integer({ min: 1, max: 50 }),
      (ages, max) => {
        const now = 1_000_000;
        const items = ages.map((age) => item(plays, String(now - age)));
        const latencies = playLatencies(items, now, max);
        assert.equal(latencies.length, Math.min(ages.length, max));
        const possible = new Set(ages.map((a) => a / 1000));
        for (const l of latencies) assert.ok(possible.has(l));
      },
    ),
  );
});
