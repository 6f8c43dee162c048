import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NonRetriableError, RetriableError } from '@spotify-pipeline/runtime';
import { isRecordRejection } from './record-rejection.ts';

const refusal = (cause: object) => new NonRetriableError('write failed', { cause });

test('data and constraint errors are about a record', () => {
  assert.equal(isRecordRejection(refusal({ code: '23505' })), true);
  assert.equal(isRecordRejection(refusal({ code: '22001' })), true);
  assert.equal(isRecordRejection(refusal({ number: 547 })), true);
  const invalid = new NonRetriableError('invalid plays record at index 3');
  invalid.name = 'InvalidRecordError';
  assert.equal(isRecordRejection(invalid), true);
});

test('a missing table, a refused grant or a retriable error is not', () => {
  assert.equal(isRecordRejection(refusal({ code: '42P01' })), false);
  assert.equal(isRecordRejection(refusal({ code: '42501' })), false);
  assert.equal(isRecordRejection(refusal({ number: 208 })), false);
  assert.equal(isRecordRejection(new RetriableError('down', { cause: { code: '23505' } })), false);
  assert.equal(isRecordRejection(new Error('plain')), false);
});
