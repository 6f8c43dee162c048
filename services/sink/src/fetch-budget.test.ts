import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchBudget, WIRE_BYTES_PER_RECORD } from './fetch-budget.ts';

test('defaults: one fetch is about one full batch per writer, a partition half a batch', () => {
  const budget = fetchBudget({ writers: 2, batchSize: 20_000 });
  assert.equal(budget.maxBytes, 2 * 20_000 * WIRE_BYTES_PER_RECORD);
  assert.equal(budget.maxBytesPerPartition, (20_000 * WIRE_BYTES_PER_RECORD) / 2);
  assert.ok(budget.maxBytes <= 8 * 1024 * 1024, 'the bound on records in flight stays small');
});

test('the fetch grows with the writers, the partition share with the batch only', () => {
  const two = fetchBudget({ writers: 2, batchSize: 20_000 });
  const four = fetchBudget({ writers: 4, batchSize: 20_000 });
  assert.equal(four.maxBytes, 2 * two.maxBytes);
  assert.equal(four.maxBytesPerPartition, two.maxBytesPerPartition);
});

test('tiny batches still fetch a useful share of a partition; huge ones stay within the int32 limits', () => {
  assert.equal(fetchBudget({ writers: 1, batchSize: 1 }).maxBytesPerPartition, 64 * 1024);
  const huge = fetchBudget({ writers: 16, batchSize: 1_000_000 });
  assert.equal(huge.maxBytes, 2 ** 31 - 1);
  assert.ok(huge.maxBytesPerPartition <= 2 ** 31 - 1);
});
