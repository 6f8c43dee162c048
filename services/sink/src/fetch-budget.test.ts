import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchBudget, WIRE_BYTES_PER_RECORD } from './fetch-budget.ts';

test('defaults: one fetch of a member is one and a half full batches, shared by the fact partitions it reads', () => {
  const budget = fetchBudget({ batchSize: 20_000, partitions: 3 });
  assert.equal(budget.maxBytes, 1.5 * 20_000 * WIRE_BYTES_PER_RECORD);
  assert.equal(budget.maxBytesPerPartition, Math.ceil(budget.maxBytes / 3));
  assert.ok(
    2 * budget.maxBytes <= 16 * 1024 * 1024,
    'the bound on records in flight of two members stays at half the old 32 MiB',
  );
});

test('every partition a member reads can fill its share of the fetch', () => {
  for (const partitions of [1, 2, 3, 6]) {
    const budget = fetchBudget({ batchSize: 20_000, partitions });
    assert.equal(budget.maxBytesPerPartition * partitions >= budget.maxBytes, true);
  }
});

test('whole bytes always; tiny batches still fetch a useful share of a partition; huge ones stay within the int32 limits', () => {
  assert.equal(fetchBudget({ batchSize: 1, partitions: 6 }).maxBytesPerPartition, 64 * 1024);
  assert.ok(Number.isInteger(fetchBudget({ batchSize: 1, partitions: 1 }).maxBytes));
  const huge = fetchBudget({ batchSize: 1_000_000, partitions: 1 });
  assert.equal(huge.maxBytes, 1_500_000 * WIRE_BYTES_PER_RECORD);
  const biggest = fetchBudget({ batchSize: 100_000_000, partitions: 1 });
  assert.equal(biggest.maxBytes, 2 ** 31 - 1);
  assert.equal(fetchBudget({ batchSize: 20_000, partitions: 0 }).maxBytesPerPartition, 6_000_000);
});
