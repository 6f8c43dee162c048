import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NonRetriableError, RetriableError } from '@spotify-pipeline/runtime';
import { writeIsolatingPoison } from './isolate-poison.ts';

/** A fake warehouse that refuses any write containing a poison number. */
function refusing(poison: ReadonlySet<number>) {
  const written: number[] = [];
  let transactions = 0;
  const write = async (subset: readonly number[]) => {
    transactions += 1;
    const bad = subset.find((n) => poison.has(n));
    if (bad !== undefined) throw new NonRetriableError(`value ${bad} violates a check`);
    written.push(...subset);
  };
  return { write, written, transactions: () => transactions };
}

describe('writeIsolatingPoison', () => {
  test('writes every good entry and hands each bad one, alone, to onPoison with the reason', async () => {
    const entries = Array.from({ length: 100 }, (_, i) => i);
    const fake = refusing(new Set([13, 77]));
    const poisoned: [number, string][] = [];
    await writeIsolatingPoison(entries, fake.write, async (entry, error) => {
      poisoned.push([entry, error.message]);
    });
    assert.deepEqual(poisoned, [
      [13, 'value 13 violates a check'],
      [77, 'value 77 violates a check'],
    ]);
    assert.deepEqual(
      [...fake.written].sort((a, b) => a - b),
      entries.filter((n) => n !== 13 && n !== 77),
    );
    assert.ok(
      fake.transactions() <= 1 + 2 * 2 * Math.ceil(Math.log2(100)),
      `took ${fake.transactions()} transactions`,
    );
  });

  test('a clean batch is one write', async () => {
    const fake = refusing(new Set());
    await writeIsolatingPoison([1, 2, 3], fake.write, async () => assert.fail('nothing is poison'));
    assert.equal(fake.transactions(), 1);
  });

  test('a retriable error is not bisected: it ends the write for the caller to retry', async () => {
    let calls = 0;
    await assert.rejects(
      writeIsolatingPoison(
        [1, 2, 3, 4],
        async () => {
          calls += 1;
          throw new RetriableError('connection refused');
        },
        async () => assert.fail('not poison'),
      ),
      RetriableError,
    );
    assert.equal(calls, 1);
  });
});
