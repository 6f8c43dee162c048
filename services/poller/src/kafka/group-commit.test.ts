import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GroupCommitQueue } from './group-commit.ts';

/** A run the test finishes by hand, so what arrives while it runs is under the test's control. */
function controlledRuns(fail: (group: readonly string[]) => boolean = () => false) {
  const groups: string[][] = [];
  const finishers: (() => void)[] = [];
  const queue = new GroupCommitQueue<string>({
    run: (group) => {
      groups.push([...group]);
      return new Promise<void>((resolve, reject) => {
        finishers.push(() => (fail(group) ? reject(new Error(`refused ${group.join(',')}`)) : resolve()));
      });
    },
    weight: (item) => item.length,
    maxWeight: 3,
  });
  /** Finishes the oldest unfinished run and lets the queue start the next. */
  const finishNext = async () => {
    const finish = finishers.shift();
    assert.ok(finish, 'a run is in progress');
    finish();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { queue, groups, finishNext };
}

test('an idle queue runs an item at once, alone', async () => {
  const { queue, groups, finishNext } = controlledRuns();
  const done = queue.add('a');
  assert.deepEqual(groups, [['a']]);
  await finishNext();
  await done;
});

test('items that arrive while a group runs go together in the next group, in order', async () => {
  const { queue, groups, finishNext } = controlledRuns();
  const all = ['a', 'b', 'c', 'd'].map((item) => queue.add(item));
  assert.deepEqual(groups, [['a']]);
  await finishNext();
  assert.deepEqual(groups, [['a'], ['b', 'c', 'd']]);
  await finishNext();
  await Promise.all(all);
  await queue.idle();
});

test('a group closes before its weight would pass the maximum, with at least one item', async () => {
  const { queue, groups, finishNext } = controlledRuns();
  const all = ['a', 'bb', 'cc', 'dddd', 'e'].map((item) => queue.add(item));
  for (let run = 0; run < 5; run += 1) await finishNext();
  await Promise.all(all);
  assert.deepEqual(groups, [['a'], ['bb'], ['cc'], ['dddd'], ['e']]);
});

test('a failed group runs each item alone: only the item that fails again is rejected', async () => {
  const { queue, groups, finishNext } = controlledRuns((group) => group.includes('b'));
  const first = queue.add('a');
  const rest = ['b', 'c'].map((item) =>
    queue.add(item).then(
      () => 'ok',
      (error: Error) => error.message,
    ),
  );
  await finishNext();
  await first;
  await finishNext(); // the group b,c fails
  await finishNext(); // b alone fails
  await finishNext(); // c alone commits
  assert.deepEqual(await Promise.all(rest), ['refused b', 'ok']);
  assert.deepEqual(groups, [['a'], ['b', 'c'], ['b'], ['c']]);
});

test('idle() waits for every item added so far; a queue is usable again after it drained', async () => {
  const { queue, groups, finishNext } = controlledRuns();
  let idle = false;
  const first = queue.add('a');
  const waiting = queue.idle().then(() => {
    idle = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(idle, false);
  await finishNext();
  await Promise.all([first, waiting]);
  assert.equal(idle, true);
  const second = queue.add('b');
  assert.deepEqual(groups, [['a'], ['b']]);
  await finishNext();
  await second;
});
