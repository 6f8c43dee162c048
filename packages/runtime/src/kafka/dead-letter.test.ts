import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deadLetterMessage } from './dead-letter.ts';

test('a dead letter keeps the original key, bytes and headers and adds every dlq.* header of the contract', () => {
  const message = deadLetterMessage(
    {
      topic: 't.plays',
      partition: 4,
      offset: '1234',
      key: Buffer.from('acc'),
      value: Buffer.from('x'),
      headers: { traceparent: 'abc' },
    },
    { reason: 'undecodable', detail: 'bad marker' },
    'sink',
    new Date('2026-01-02T03:04:05.678Z'),
  );
  assert.deepEqual(message.key, Buffer.from('acc'));
  assert.deepEqual(message.value, Buffer.from('x'));
  assert.deepEqual(message.headers, {
    traceparent: 'abc',
    'dlq.reason': 'undecodable',
    'dlq.detail': 'bad marker',
    'dlq.topic': 't.plays',
    'dlq.partition': '4',
    'dlq.offset': '1234',
    'dlq.service': 'sink',
    'dlq.at': '2026-01-02T03:04:05.678Z',
  });
});
