import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matches, toDeadLetterRecord } from './dead-letter-record.ts';
import { summarizeByReason } from './summarize.ts';

const letter = (offset: number, reason: string, topic?: string) =>
  toDeadLetterRecord({
    partition: 0,
    offset: String(offset),
    key: Buffer.from('k'),
    value: Buffer.from([offset]),
    headers: {
      'dlq.reason': Buffer.from(reason),
      'dlq.detail': Buffer.from(`why ${offset}`),
      ...(topic ? { 'dlq.topic': Buffer.from(topic) } : {}),
    },
  });

describe('dead letters', () => {
  it('reads the headers back and counts by reason, most frequent first', () => {
    const records = [
      letter(1, 'local-track', 'raw'),
      letter(2, 'undecodable', 'raw'),
      letter(3, 'local-track', 'raw'),
    ];
    assert.equal(records[0]!.sourceTopic, 'raw');
    assert.deepEqual(summarizeByReason(records), [
      { reason: 'local-track', count: 2, topics: ['raw'], example: 'why 1' },
      { reason: 'undecodable', count: 1, topics: ['raw'], example: 'why 2' },
    ]);
  });

  it('filters by reason and by source topic', () => {
    const record = letter(1, 'episode', 'raw');
    assert.equal(matches(record, {}), true);
    assert.equal(matches(record, { reason: 'episode' }), true);
    assert.equal(matches(record, { reason: 'local-track' }), false);
    assert.equal(matches(record, { sourceTopic: 'other' }), false);
  });

  it('names a dead letter without a reason header instead of dropping it', () => {
    const bare = toDeadLetterRecord({ partition: 1, offset: '7', key: null, value: null });
    assert.equal(bare.reason, '(no reason header)');
    assert.equal(bare.sourceTopic, undefined);
  });
});
