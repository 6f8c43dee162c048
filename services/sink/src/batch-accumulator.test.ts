import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { BatchAccumulator } from './batch-accumulator.ts';

/** An accumulator whose flushes are recorded and completed by the test. */
function recording(maxItems: number, lingerMs: number) {
  const flushed: number[][] = [];
  let failNext: Error | undefined;
  const accumulator = new BatchAccumulator<number>({
    maxItems,
    lingerMs,
    flush: async (items) => {
      flushed.push([...items]);
      if (failNext) {
        const error = failNext;
        failNext = undefined;
        throw error;
      }
    },
  });
  return {
    accumulator,
    flushed,
    failNextFlush(error: Error) {
      failNext = error;
    },
  };
}

const settled = async (p: Promise<unknown>) => {
  let state = 'pending';
  p.then(
    () => {
      state = 'resolved';
    },
    () => {
      state = 'rejected';
    },
  );
  // Two macrotask turns let any already-resolvable chain settle.
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  return state;
};

describe('BatchAccumulator', () => {
  test('flushes as soon as the batch reaches maxItems, without waiting for the linger', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { accumulator, flushed } = recording(3, 10_000);
    const first = accumulator.add([1, 2]);
    assert.equal(await settled(first), 'pending');
    assert.deepEqual(flushed, []);
    const second = accumulator.add([3]);
    await Promise.all([first, second]);
    assert.deepEqual(flushed, [[1, 2, 3]]);
    assert.equal(accumulator.pending, 0);
  });

  test('flushes a partial batch lingerMs after its first item, not after its last', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { accumulator, flushed } = recording(100, 200);
    const first = accumulator.add([1]);
    t.mock.timers.tick(150);
    const second = accumulator.add([2]);
    t.mock.timers.tick(49);
    assert.equal(await settled(first), 'pending');
    assert.deepEqual(flushed, []);
    t.mock.timers.tick(1);
    await Promise.all([first, second]);
    assert.deepEqual(flushed, [[1, 2]]);
  });

  test('splits an addition larger than the room left over several batches and resolves after all of them', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { accumulator, flushed } = recording(4, 1_000);
    const a = accumulator.add([1, 2, 3]);
    const b = accumulator.add([4, 5, 6, 7, 8, 9, 10]);
    assert.equal(await settled(b), 'pending', 'the last two items wait in an unsealed batch');
    assert.deepEqual(flushed, [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    assert.equal(await settled(a), 'resolved');
    t.mock.timers.tick(1_000);
    await b;
    assert.deepEqual(flushed.at(-1), [9, 10]);
  });

  test('runs one flush at a time, in the order the batches were sealed', async () => {
    const order: string[] = [];
    let release!: () => void;
    const firstBlocked = new Promise<void>((r) => {
      release = r;
    });
    const accumulator = new BatchAccumulator<string>({
      maxItems: 1,
      lingerMs: 0,
      flush: async ([item]) => {
        order.push(`start ${item}`);
        if (item === 'a') await firstBlocked;
        order.push(`end ${item}`);
      },
    });
    const a = accumulator.add(['a']);
    const b = accumulator.add(['b']);
    assert.equal(await settled(b), 'pending');
    release();
    await Promise.all([a, b]);
    assert.deepEqual(order, ['start a', 'end a', 'start b', 'end b']);
  });

  test('a failed flush rejects only the additions in that batch; the next batch still flushes', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { accumulator, flushed, failNextFlush } = recording(2, 1_000);
    failNextFlush(new Error('database said no'));
    const doomed = accumulator.add([1, 2]);
    await assert.rejects(doomed, /database said no/);
    const fine = accumulator.add([3, 4]);
    await fine;
    assert.deepEqual(flushed, [
      [1, 2],
      [3, 4],
    ]);
  });

  test('drain() seals the open batch at once and waits for every flush', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { accumulator, flushed } = recording(100, 60_000);
    const added = accumulator.add([1, 2, 3]);
    await accumulator.drain();
    assert.deepEqual(flushed, [[1, 2, 3]]);
    assert.equal(await settled(added), 'resolved');
  });

  test('seals the open batch when the last hold is released, without waiting for the linger', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { accumulator, flushed } = recording(100, 60_000);
    const releaseA = accumulator.hold();
    const releaseB = accumulator.hold();
    const a = accumulator.add([1, 2]);
    releaseA();
    releaseA();
    assert.equal(await settled(a), 'pending', 'another holder has not added yet');
    assert.deepEqual(flushed, []);
    const b = accumulator.add([3]);
    releaseB();
    await Promise.all([a, b]);
    assert.deepEqual(flushed, [[1, 2, 3]], "one batch with both holders' items");
  });

  test('a holder that adds nothing does not keep the batch from lingering out', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { accumulator, flushed } = recording(100, 200);
    const slow = accumulator.hold();
    const added = accumulator.add([1]);
    t.mock.timers.tick(200);
    await added;
    assert.deepEqual(flushed, [[1]], 'the linger bounds the wait for a slow holder');
    slow();
    assert.equal(accumulator.pending, 0);
    assert.deepEqual(flushed, [[1]], 'releasing with nothing open flushes nothing');
  });

  test('adding nothing resolves at once and opens no batch', async () => {
    const { accumulator, flushed } = recording(2, 10);
    await accumulator.add([]);
    assert.equal(accumulator.pending, 0);
    assert.deepEqual(flushed, []);
  });

  test('rejects nonsensical options at construction', () => {
    const flush = mock.fn(async () => {});
    assert.throws(
      () => new BatchAccumulator({ maxItems: 0, lingerMs: 10, flush }),
      /maxItems must be a positive integer, got 0/,
    );
    assert.throws(() => new BatchAccumulator({ maxItems: 1.5, lingerMs: 10, flush }), /maxItems/);
    assert.throws(
      () => new BatchAccumulator({ maxItems: 1, lingerMs: -1, flush }),
      /lingerMs must be a non-negative number, got -1/,
    );
  });
});
