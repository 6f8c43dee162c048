import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLogger, NonRetriableError, RetriableError } from '@spotify-pipeline/runtime';
import type { Warehouse, WarehouseBatch, WriteReport } from '@spotify-pipeline/warehouse';
import { Registry } from 'prom-client';
import type { BatchItem, CommitOffset, SourceMessage } from './batch-item.ts';
import { BatchWriter } from './batch-writer.ts';
import type { DeadLetterPublisher } from './dead-letter-publisher.ts';
import { WarehouseRefusedError } from './errors/index.ts';
import { SinkMetrics } from './sink-metrics.ts';
import { SINK_TABLES, type SinkTable } from './sink-tables.ts';

// The write path's one retry layer, with a warehouse that answers as told (pure logic: no stack).
const artists = SINK_TABLES.find((t) => t.topicId === 'artists') as SinkTable;
const item = (offset: number): BatchItem => {
  const source: SourceMessage = {
    topic: 'artists',
    partition: 0,
    offset: String(offset),
    key: null,
    value: Buffer.from('x'),
    headers: undefined,
  };
  const artist_id = `a${offset}`;
  const record = { artist_id, name: artist_id, uri: `spotify:artist:${artist_id}` };
  return { source, entry: { table: artists, naturalKey: artist_id, record, source } };
};
const report = { plays: { inserted: 0, merged: 0, duplicates: 0 } } as unknown as WriteReport;

function writerWith(answers: (() => WriteReport)[]) {
  const calls: WarehouseBatch[] = [];
  const committed: CommitOffset[][] = [];
  const deadLettered: string[] = [];
  const warehouse = {
    writeBatch: async (batch: WarehouseBatch) => {
      calls.push(batch);
      const answer = answers[Math.min(calls.length, answers.length) - 1]!;
      return answer();
    },
  } as unknown as Warehouse;
  const writer = new BatchWriter({
    warehouse,
    deadLetters: {
      send: async (letters: readonly { source: SourceMessage }[]) => {
        for (const l of letters) deadLettered.push(l.source.offset);
      },
    } as unknown as DeadLetterPublisher,
    commit: async (offsets) => {
      committed.push(offsets);
    },
    metrics: new SinkMetrics(new Registry()),
    logger: createLogger('batch-writer-test', 'silent'),
    retryInitialDelayMs: 1,
    retryMaxDelayMs: 5,
    onFailingChange: () => undefined,
    signal: new AbortController().signal,
  });
  return { writer, calls, committed, deadLettered };
}

describe('BatchWriter: one retry layer for warehouse writes', () => {
  test('retries what is retriable until it passes, then commits once', async () => {
    const outage = () => {
      throw new RetriableError('connection refused');
    };
    const { writer, calls, committed } = writerWith([outage, outage, () => report]);
    await writer.write([item(1), item(2)]);
    assert.equal(calls.length, 3);
    assert.deepEqual(committed, [[{ topic: 'artists', partition: 0, offset: '3' }]]);
  });

  test('a refusal no record explains is tried once and surfaces as WarehouseRefusedError, nothing committed or dead-lettered', async () => {
    const dropped = () => {
      throw new NonRetriableError('relation "fact_play" does not exist', {
        cause: Object.assign(new Error('42P01'), { code: '42P01' }),
      });
    };
    const { writer, calls, committed, deadLettered } = writerWith([dropped]);
    await assert.rejects(writer.write([item(1), item(2)]), WarehouseRefusedError);
    assert.equal(calls.length, 1);
    assert.deepEqual(committed, []);
    assert.deepEqual(deadLettered, []);
  });
});
