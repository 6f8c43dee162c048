import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codecs } from '@spotify-pipeline/avro';
import { localTimeKeys } from '@spotify-pipeline/normalizer';
import { Catalogue } from './catalogue.ts';
import { LocalKeys } from './local-keys.ts';
import { PlayFactSeries } from './play-fact-series.ts';
import { RawPlaySeries } from './raw-play-series.ts';

const small = { artists: 15, albums: 20, tracks: 50, accounts: 7 };

test('the catalogue is deterministic, its ids unique and its references resolve', () => {
  const a = new Catalogue(small);
  const b = new Catalogue(small);
  assert.deepEqual(a.tracks, b.tracks);
  assert.equal(new Set(a.tracks.map((t) => t.track_id)).size, small.tracks);
  assert.equal(new Set(a.artists.map((t) => t.artist_id)).size, small.artists);
  for (const t of a.tracks) {
    assert.ok(a.albumById(t.album_id), `album of ${t.track_id}`);
    for (const id of t.artist_ids) assert.ok(a.artistById(id), `artist ${id} of ${t.track_id}`);
    assert.equal(t.track_id.length, 22);
  }
  for (const record of a.albums) assert.doesNotThrow(() => codecs.album.encode(record));
});

test('a catalogue size below 1 is refused, naming the field', () => {
  assert.throws(() => new Catalogue({ ...small, tracks: 0 }), /tracks must be an integer >= 1, got 0/);
});

test('play facts have unique keys, varied milliseconds and encode as PlayFact', () => {
  const series = new PlayFactSeries(new Catalogue(small), 2_000);
  const keys = new Set<string>();
  const millis = new Set<number>();
  for (let i = 0; i < series.count; i += 1) {
    const fact = series.at(i);
    keys.add(`${fact.account_id}|${fact.played_at.getTime()}`);
    millis.add(fact.played_at.getUTCMilliseconds());
    const decoded: Record<string, unknown> = { ...codecs.playFact.decode(codecs.playFact.encode(fact)) };
    // Fields a newer PlayFact version adds decode as null; the ones the series sets must round-trip.
    for (const [field, value] of Object.entries(fact)) assert.deepEqual(decoded[field], value, field);
  }
  assert.equal(keys.size, series.count);
  assert.ok(millis.size > 500, `only ${millis.size} distinct millisecond parts`);
});

test('memoised local keys equal the normalizer’s for every zone the catalogue uses', () => {
  const catalogue = new Catalogue({ ...small, accounts: 10 });
  const series = new PlayFactSeries(catalogue, 3_000);
  const memo = new LocalKeys();
  for (let i = 0; i < series.count; i += 7) {
    const fact = series.at(i);
    const want = localTimeKeys(fact.played_at, fact.time_zone);
    assert.deepEqual(
      memo.of(fact.played_at.getTime(), fact.time_zone),
      want,
      `${fact.played_at.toISOString()} ${fact.time_zone}`,
    );
    assert.equal(fact.local_date_key, want.dateKey);
    assert.equal(fact.local_time_key, want.timeKey);
  }
});

test('the key fingerprint changes when one millisecond of one key changes', () => {
  const catalogue = new Catalogue(small);
  const a = new PlayFactSeries(catalogue, 100);
  const b = new PlayFactSeries(catalogue, 100);
  assert.equal(a.keyFingerprint(), b.keyFingerprint());
  const shifted = new PlayFactSeries(catalogue, 100);
  const original = shifted.playedAtMs.bind(shifted);
  shifted.playedAtMs = (i) => original(i) + (i === 42 ? 1 : 0);
  assert.notEqual(shifted.keyFingerprint(), a.keyFingerprint());
});

test('raw plays encode as RawPlay v2 and carry the catalogue’s track, album and artists', () => {
  const catalogue = new Catalogue(small);
  const series = new RawPlaySeries(catalogue, 200);
  for (let i = 0; i < series.count; i += 1) {
    const raw = series.at(i);
    const decoded = codecs.rawPlay.decode(codecs.rawPlay.encode(raw));
    assert.deepEqual(decoded, raw);
    const track = catalogue.tracks.find((t) => t.track_id === raw.track.id);
    assert.ok(track);
    assert.equal(raw.track.album.id, track.album_id);
    assert.deepEqual(
      raw.track.artists.map((a) => a.id),
      track.artist_ids,
    );
    assert.equal(raw.history === null, raw.source === 'api');
  }
});
