import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyCursor, type PollCursor } from './cursor.ts';
import { selectNewPlays } from './select-new-plays.ts';

/** A recently-played window: the 50 newest of `visible`, newest first. */
function windowOf(visible: number[]): number[] {
  return [...visible].sort((a, b) => b - a).slice(0, 50);
}

function poll(cursor: PollCursor, visible: number[], published: number[]): PollCursor {
  const { fresh, next } = selectNewPlays(cursor, windowOf(visible), (t) => t, 0);
  published.push(...fresh);
  return next;
}

describe('selectNewPlays', () => {
  it('publishes the whole window on the first poll, oldest first', () => {
    const { fresh, next } = selectNewPlays(emptyCursor('a'), [30, 20, 10], (t) => t, 5);
    assert.deepEqual(fresh, [10, 20, 30]);
    assert.equal(next.watermark, 30);
    assert.equal(next.floor, 10);
    assert.equal(next.seq, 1);
    assert.deepEqual(next.published, [30, 20, 10]);
  });

  it('does not republish and keeps the cursor when nothing changed', () => {
    const first = selectNewPlays(emptyCursor('a'), [30, 20, 10], (t) => t, 5).next;
    const again = selectNewPlays(first, [30, 20, 10], (t) => t, 6);
    assert.deepEqual(again.fresh, []);
    assert.equal(again.next, first);
  });

  it('publishes a late-synced offline play older than the watermark exactly once', () => {
    const published: number[] = [];
    const visible = [100, 200, 300];
    let cursor = poll(emptyCursor('a'), visible, published);
    visible.push(400, 150); // 150 was played offline and synced now
    cursor = poll(cursor, visible, published);
    cursor = poll(cursor, visible, published);
    assert.deepEqual(published, [100, 200, 300, 150, 400]);
    assert.equal(cursor.watermark, 400);
  });

  it('publishes once an offline play synced below the floor while the window is not full', () => {
    // A new or quiet account: fewer than 50 plays, so the window shows all of them, and a late
    // offline sync can show a play older than every play shown so far (below the cursor's floor).
    const published: number[] = [];
    const visible = [100, 200, 300];
    let cursor = poll(emptyCursor('a'), visible, published);
    visible.push(50);
    cursor = poll(cursor, visible, published);
    cursor = poll(cursor, visible, published);
    cursor = poll(cursor, visible, published);
    assert.deepEqual(published, [100, 200, 300, 50]);
    assert.equal(cursor.floor, 50);
  });

  it('loses nothing and duplicates nothing over a long run with fewer than 50 plays between polls', () => {
    const published: number[] = [];
    const visible: number[] = [];
    let cursor = emptyCursor('a');
    let t = 1_000;
    for (let round = 0; round < 40; round += 1) {
      for (let i = 0; i < 30; i += 1) {
        t += 1_000;
        visible.push(t);
      }
      // an offline session synced late, older than the newest published play but inside the window
      if (round % 5 === 4) for (let i = 0; i < 5; i += 1) visible.push(t - 20_500 + i * 7);
      cursor = poll(cursor, visible, published);
      assert.ok(cursor.published.length <= 60);
    }
    assert.equal(new Set(published).size, published.length);
    assert.deepEqual(
      [...published].sort((a, b) => a - b),
      [...visible].sort((a, b) => a - b),
    );
  });

  it('rejects an invalid played_at', () => {
    assert.throws(() => selectNewPlays(emptyCursor('a'), ['x'], () => Number.NaN, 0), /invalid played_at/);
  });
});
