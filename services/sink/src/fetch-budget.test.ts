import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchBudget, WIRE_BYTES_PER_RECORD } from './fetch-budget.ts';

test('defaults: one fetch is two full batches per writer, shared by the fact partitions', () => {
  const budget = fetchBudget({ writers: 2, batchSize: 20_000, partitions: 6 });
  assert.equal(budget.maxBytes, 2 * 2 * 20_000 * WIRE_BYTES_PER_RECORD);
  assert.equal(budget.maxBytesPerPartition, Math.ceil(budget.maxBytes / 6));
  assert.ok(
    budget.maxBytes <= 16 * 1024 * 1024,
    'the bound on records in flight stays at half the old 32 MiB',
  );
});

test('the fetch grows with the writers; every partition can fill its share of it', () => {
  const two = fetchBudget({ writers: 2, batchSize: 20_000, partitions: 6 });
  const four = fetchBudget({ writers: 4, batchSize: 20_000, partitions: 6 });
  assert.equal(four.maxBytes, 2 * two.maxBytes);
  assert.equal(four.maxBytesPerPartition * 6 >= four.maxBytes, true);
});

test('tiny batches still fetch a useful share of a partition; huge ones stay within the int32 limits', () => {
  assert.equal(fetchBudget({ writers: 1, batchSize: 1, partitions: 6 }).maxBytesPerPartition, 64 * 1024);
  const huge = fetchBudget({ writers: 16, batchSize: 1_000_000, partitions: 1 });
  assert.equal(huge.maxBytes, 2 ** 31 - 1);
  assert.ok(huge.maxBytesPerPartition <= 2 ** 31 - 1);
  assert.equal(
    fetchBudget({ writers: 2, batchSize: 20_000, partitions: 0 }).maxBytesPerPartition,
    16_000_000,
  );
});
