import assert from 'node:assert/strict';
import test from 'node:test';
import { InvalidRecordError } from '../errors.ts';
import { album, artist, batchOf, play, track } from '../testing/fixtures.ts';
import { prepareBatch } from './prepare-batch.ts';

test('the last record per key wins and tables come out sorted by key', () => {
  const prepared = prepareBatch(
    batchOf({ artists: [artist('b', { name: 'old' }), artist('a'), artist('b', { name: 'new' })] }),
  );
  assert.deepEqual(
    prepared.artists.map((a) => [a.artist_id, a.name]),
    [
      ['a', 'Artist a'],
      ['b', 'new'],
    ],
  );
});

test('plays are deduplicated per account and millisecond, sorted by account then time', () => {
  const at = (iso: string, acc = 'x') => play(acc, iso, { date: 20240101, time: 0 }, 't', 'al', 'ar');
  const prepared = prepareBatch(
    batchOf({
      plays: [
        at('2024-01-01T00:00:00.002Z'),
        at('2024-01-01T00:00:00.001Z', 'w'),
        at('2024-01-01T00:00:00.002Z'),
      ],
    }),
  );
  assert.deepEqual(
    prepared.plays.map((p) => `${p.account_id}@${p.played_at.getUTCMilliseconds()}`),
    ['w@1', 'x@2'],
  );
});

test('plays of interleaved accounts, some out of time order, come out sorted by account and time', () => {
  const at = (acc: string, iso: string, source: 'api' | 'history_import' = 'api', track = 't') =>
    play(acc, iso, { date: 20240101, time: 0 }, track, 'al', 'ar', { source });
  const prepared = prepareBatch(
    batchOf({
      plays: [
        at('y', '2024-01-01T00:00:00.005Z'),
        at('x', '2024-01-01T00:00:00.001Z'),
        at('y', '2024-01-01T00:00:00.003Z', 'history_import', 'u'),
        at('x', '2024-01-01T00:00:00.004Z'),
        at('y', '2024-01-01T00:00:00.002Z', 'history_import', 'v'),
        at('a', '2024-01-01T00:00:00.009Z'),
      ],
    }),
    { listenMatchToleranceMs: 0 },
  );
  assert.deepEqual(
    prepared.plays.map((p) => `${p.account_id}@${p.played_at.getUTCMilliseconds()}:${p.source}`),
    ['a@9:api', 'x@1:api', 'x@4:api', 'y@2:history_import', 'y@3:history_import', 'y@5:api'],
  );
});

test('bridge rows are 1-based in Spotify order; referenced but undescribed keys are collected', () => {
  const prepared = prepareBatch(
    batchOf({
      artists: [artist('a1')],
      albums: [album('al1', 'a9')],
      tracks: [track('t1', 'al2', ['a1', 'a2'])],
      plays: [play('acc', '2024-01-01T00:00:00Z', { date: 20240101, time: 0 }, 't2', 'al1', 'a3')],
    }),
  );
  assert.deepEqual(
    prepared.bridge.map((b) => [b.track_id, b.artist_position, b.artist_id]),
    [
      ['t1', 1, 'a1'],
      ['t1', 2, 'a2'],
    ],
  );
  assert.deepEqual(prepared.referenced, {
    artistIds: ['a2', 'a3', 'a9'],
    albumIds: ['al2'],
    trackIds: ['t2'],
    accountIds: ['acc'],
  });
});

test('a bad record is refused with its table, index and field named', () => {
  const bad = (over: Parameters<typeof play>[6], field: string) =>
    assert.throws(
      () =>
        prepareBatch(
          batchOf({
            plays: [
              play('acc', '2024-01-01T00:00:00Z', { date: 20240101, time: 0 }, 't', 'al', 'ar'),
              play('acc', '2024-01-01T00:00:01Z', { date: 20240101, time: 0 }, 't', 'al', 'ar', over),
            ],
          }),
        ),
      (error: unknown) =>
        error instanceof InvalidRecordError &&
        error.table === 'play' &&
        error.index === 1 &&
        error.field === field &&
        !error.retriable,
    );
  bad({ played_at: new Date('nope') }, 'played_at');
  bad({ local_date_key: 2024011 }, 'local_date_key');
  bad({ local_date_key: 20240230 }, 'local_date_key');
  bad({ local_date_key: 19991231 }, 'local_date_key');
  bad({ local_time_key: 1260 }, 'local_time_key');
  bad({ track_id: '' }, 'track_id');
  bad({ account_id: 'x'.repeat(129) }, 'account_id');
});
