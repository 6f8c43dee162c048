import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchAccumulator } from './batch-accumulator.ts';
import type { BatchItem } from './batch-item.ts';
import { WriteLanes } from './write-lanes.ts';

function lanes(count: number) {
  const flushed: { lane: number; items: number }[] = [];
  const accumulators = Array.from(
    { length: count },
    (_, lane) =>
      new BatchAccumulator<BatchItem>({
        maxItems: 1_000,
        lingerMs: 60_000,
        flush: async (items) => {
          flushed.push({ lane, items: items.length });
        },
      }),
  );
  return { accumulators, flushed, lanes: new WriteLanes(accumulators) };
}

const item = (topic: string, partition: number, offset: number): BatchItem => ({
  source: { topic, partition, offset: String(offset), key: null, value: null, headers: undefined },
});

test("each topic's partitions are dealt out over the lanes in the order they are first seen", () => {
  const { accumulators, lanes: l } = lanes(2);
  const facts = [5, 0, 3, 1].map((p) => accumulators.indexOf(l.of('facts', p)));
  const artists = [2, 0].map((p) => accumulators.indexOf(l.of('artists', p)));
  assert.deepEqual(facts, [0, 1, 0, 1]);
  assert.deepEqual(artists, [0, 1], 'a second topic starts again at the first lane');
});

test('a partition keeps its lane, whatever is seen in between', () => {
  const { lanes: l } = lanes(3);
  const first = l.of('facts', 4);
  for (let p = 0; p < 10; p += 1) l.of('facts', p);
  l.of('tracks', 4);
  assert.equal(l.of('facts', 4), first);
});

test('drain seals and writes the open batch of every lane', async () => {
  const { lanes: l, flushed } = lanes(2);
  const a = l.of('facts', 0).add([item('facts', 0, 1), item('facts', 0, 2)]);
  const b = l.of('facts', 1).add([item('facts', 1, 7)]);
  await l.drain();
  await Promise.all([a, b]);
  assert.deepEqual(
    flushed.sort((x, y) => x.lane - y.lane),
    [
      { lane: 0, items: 2 },
      { lane: 1, items: 1 },
    ],
  );
});

test('at least one lane is needed', () => {
  assert.throws(() => new WriteLanes([]), RangeError);
});
