import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codecs } from '@spotify-pipeline/avro';
import { expectedWarehouse } from './expected-warehouse.ts';
import { generateListening, TEST_TIME_ZONES } from './listening-generator.ts';
import { longestName } from './unicode-names.ts';

const listening = generateListening({ plays: 5_000, accounts: 24, tracks: 400, seed: 99 });

test('the same options give the same plays, another seed other plays', () => {
  const again = generateListening({ plays: 5_000, accounts: 24, tracks: 400, seed: 99 });
  assert.deepEqual(again.plays, listening.plays);
  const other = generateListening({ plays: 5_000, accounts: 24, tracks: 400, seed: 100 });
  assert.notDeepEqual(other.plays[0]?.track.id, listening.plays[0]?.track.id);
});

test('plays are what the pipeline tests assume: valid, distinct, never merged, every account polled', () => {
  for (const play of listening.plays) codecs.rawPlay.decode(codecs.rawPlay.encode(play));
  // expectedWarehouse throws on shared keys and on accounts that were never polled.
  const expected = expectedWarehouse(listening.plays);
  assert.equal(expected.facts.size, 5_000);
  assert.equal(expected.accounts.size, 24);
  assert.deepEqual(new Set(listening.accounts.map((a) => a.time_zone)), new Set(TEST_TIME_ZONES));

  // Two plays of one account and track closer than 90 s would be merged into one listen.
  const last = new Map<string, number>();
  let closest = Number.POSITIVE_INFINITY;
  for (const play of [...listening.plays].sort((a, b) => a.played_at.getTime() - b.played_at.getTime())) {
    const key = `${play.account.id}|${play.track.id}`;
    const previous = last.get(key);
    if (previous !== undefined) closest = Math.min(closest, play.played_at.getTime() - previous);
    last.set(key, play.played_at.getTime());
  }
  assert.ok(closest >= 120_000, `closest replay of a track ${closest} ms`);
});

test('the catalogue has repeats, multi-artist tracks, compilations and tricky names', () => {
  const expected = expectedWarehouse(listening.plays);
  assert.ok(expected.tracks.size < listening.plays.length / 2, 'tracks are played repeatedly');
  assert.ok([...expected.tracks.values()].some((t) => t.artist_ids.length >= 3));
  assert.ok(listening.plays.some((p) => p.track.album.album_type === 'compilation'));
  assert.ok(
    [...expected.artists.values()].some((a) => /\p{Extended_Pictographic}\u200d/u.test(a.name)),
    'ZWJ emoji',
  );
  assert.ok(
    [...expected.tracks.values()].some((t) => /\p{Script=Arabic}|\p{Script=Hebrew}/u.test(t.name)),
    'RTL',
  );
  assert.ok(listening.plays.some((p) => p.source === 'history_import' && p.history !== null));
});

test('longestName has exactly the code units asked for and never a lone surrogate', () => {
  for (const n of [1, 2, 3, 1_999, 2_000]) {
    const name = longestName(n);
    assert.equal(name.length, n);
    assert.ok(name.isWellFormed(), `well-formed at ${n}`);
  }
  assert.throws(() => longestName(0), RangeError);
});
