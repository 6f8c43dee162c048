import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type BatchItem,
  commitOffsetsOf,
  latestPerKey,
  type SourceMessage,
  toWarehouseBatch,
} from './batch-item.ts';
import { SINK_TABLES, type SinkTable } from './sink-tables.ts';

const table = (id: string): SinkTable => SINK_TABLES.find((t) => t.topicId === id) as SinkTable;
const source = (topic: string, partition: number, offset: string): SourceMessage => ({
  topic,
  partition,
  offset,
  key: null,
  value: Buffer.from('x'),
  headers: undefined,
});
const artist = (partition: number, offset: string, artist_id: string, name = artist_id): BatchItem => {
  const record = { artist_id, name, uri: `spotify:artist:${artist_id}` };
  const src = source('artists', partition, offset);
  return { source: src, entry: { table: table('artists'), naturalKey: artist_id, record, source: src } };
};

describe('commitOffsetsOf', () => {
  test('commits per partition the highest offset included plus one, whatever the order', () => {
    const items: BatchItem[] = [
      { source: source('plays', 0, '7') },
      { source: source('plays', 0, '12') },
      { source: source('plays', 0, '9') },
      { source: source('plays', 3, '0') },
      { source: source('artists', 0, '41') },
    ];
    const offsets = commitOffsetsOf(items).sort((a, b) =>
      `${a.topic}${a.partition}`.localeCompare(`${b.topic}${b.partition}`),
    );
    assert.deepEqual(offsets, [
      { topic: 'artists', partition: 0, offset: '42' },
      { topic: 'plays', partition: 0, offset: '13' },
      { topic: 'plays', partition: 3, offset: '1' },
    ]);
  });

  test('compares offsets as 64-bit numbers, not as strings or doubles', () => {
    const offsets = commitOffsetsOf([
      { source: source('plays', 1, '9007199254740993') },
      { source: source('plays', 1, '10') },
    ]);
    assert.deepEqual(offsets, [{ topic: 'plays', partition: 1, offset: '9007199254740994' }]);
  });

  test('counts dead-lettered items (no entry): their offsets are committed with the batch', () => {
    assert.deepEqual(commitOffsetsOf([artist(0, '3', 'a'), { source: source('artists', 0, '4') }]), [
      { topic: 'artists', partition: 0, offset: '5' },
    ]);
  });

  test('an empty batch commits nothing', () => {
    assert.deepEqual(commitOffsetsOf([]), []);
  });
});

describe('latestPerKey', () => {
  test('keeps one entry per natural key, the one with the highest offset', () => {
    const entries = latestPerKey([
      artist(0, '5', 'a', 'new'),
      artist(0, '2', 'a', 'old'),
      artist(0, '3', 'b'),
    ]);
    assert.deepEqual(
      entries.map((e) => [e.naturalKey, (e.record as { name: string }).name]),
      [
        ['a', 'new'],
        ['b', 'b'],
      ],
    );
  });

  test('skips items without an entry', () => {
    assert.deepEqual(latestPerKey([{ source: source('artists', 0, '1') }]), []);
  });
});

describe('toWarehouseBatch', () => {
  test('puts each record under its table', () => {
    const batch = toWarehouseBatch(latestPerKey([artist(0, '1', 'a'), artist(1, '1', 'b')]));
    assert.deepEqual(
      batch.artists.map((a) => a.artist_id),
      ['a', 'b'],
    );
    assert.deepEqual([batch.albums, batch.tracks, batch.accounts, batch.plays], [[], [], [], []]);
  });
});
