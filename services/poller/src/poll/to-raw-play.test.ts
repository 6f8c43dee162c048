import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlayHistory } from '@spotify/web-api-ts-sdk';
import { codecs } from '@spotify-pipeline/avro';
import { PlayShapeError, toRawPlay } from './to-raw-play.ts';

const account = { id: 'acc', time_zone: 'Asia/Kolkata', display_name: 'Ünïcødé 🎧', country: 'IN' };

const track = {
  id: '4uLU6hMCjMI75M1A2tKUQC',
  uri: 'spotify:track:4uLU6hMCjMI75M1A2tKUQC',
  name: 'Песня',
  duration_ms: 201_000,
  explicit: false,
  disc_number: 1,
  track_number: 3,
  is_local: false,
  popularity: 40,
  type: 'track',
  external_ids: { isrc: 'USRC17607839' },
  album: {
    id: '1DFixLWuPkv3KT3TnV35m3',
    uri: 'spotify:album:1DFixLWuPkv3KT3TnV35m3',
    name: 'Album',
    album_type: 'single',
    release_date: '1999',
    release_date_precision: 'year',
    total_tracks: 1,
    images: [{ url: 'https://i.scdn.co/image/x', height: 640, width: 640 }],
    artists: [{ id: '0OdUWJ0sBjDrqHygGUXeCF', uri: 'spotify:artist:0OdUWJ0sBjDrqHygGUXeCF', name: 'A' }],
  },
  artists: [
    { id: '0OdUWJ0sBjDrqHygGUXeCF', uri: 'spotify:artist:0OdUWJ0sBjDrqHygGUXeCF', name: 'A' },
    { id: '1vCWHaC5f2uS3yhpwWbIA6', uri: 'spotify:artist:1vCWHaC5f2uS3yhpwWbIA6', name: 'B' },
  ],
};

describe('toRawPlay', () => {
  it('maps a PlayHistoryObject to a RawPlay the Avro codec round-trips', () => {
    const item = {
      played_at: '2026-03-29T01:30:00.123Z',
      track,
      context: {
        type: 'playlist',
        uri: 'spotify:playlist:x',
        href: null,
        external_urls: { spotify: 'https://open.spotify.com/x' },
      },
    } as unknown as PlayHistory;
    const raw = toRawPlay(item, account, new Date(5));
    assert.equal(raw.played_at.getTime(), Date.parse('2026-03-29T01:30:00.123Z'));
    assert.equal(raw.source, 'api');
    assert.equal(raw.history, null);
    assert.equal(raw.track.isrc, 'USRC17607839');
    assert.deepEqual(
      raw.track.artists.map((a) => a.name),
      ['A', 'B'],
    );
    assert.equal(raw.context?.external_url, 'https://open.spotify.com/x');
    const decoded = codecs.rawPlay.decode(codecs.rawPlay.encode(raw));
    assert.deepEqual(decoded, raw);
  });

  it('keeps local tracks with null ids and a null context', () => {
    const local = {
      ...track,
      id: null,
      is_local: true,
      uri: 'spotify:local:a:b:c:200',
      album: { ...track.album, id: null, uri: null, artists: [{ id: null, uri: null, name: 'a' }] },
      artists: [{ id: null, uri: null, name: 'a' }],
    };
    const raw = toRawPlay(
      { played_at: '2026-01-01T00:00:00.000Z', track: local, context: null } as unknown as PlayHistory,
      account,
      new Date(),
    );
    assert.equal(raw.track.id, null);
    assert.equal(raw.context, null);
    assert.equal(raw.track.album.id, null);
  });

  it('keeps a track that lacks everything but its id, and an unknown context', () => {
    const bare = {
      played_at: '2026-01-01T00:00:00.000Z',
      track: { id: track.id, duration_ms: 1.5, artists: [null, { name: null }], extra: { x: 1 } },
      context: { uri: 'spotify:user:someone:playlist:37i9dQZF1DXcBWIGoYBM5M', kind: 'new' },
      unknown: true,
    };
    const raw = toRawPlay(bare as unknown as PlayHistory, account, new Date());
    assert.equal(raw.track.uri, `spotify:track:${track.id}`);
    assert.equal(raw.track.name, '');
    assert.equal(raw.track.duration_ms, 0, 'a duration that is not a whole number is unknown');
    assert.equal(raw.track.album.id, null);
    assert.deepEqual(raw.track.artists, [{ id: null, uri: null, name: '' }]);
    assert.deepEqual(raw.context, {
      type: 'unknown',
      uri: 'spotify:user:someone:playlist:37i9dQZF1DXcBWIGoYBM5M',
      href: null,
      external_url: null,
    });
    assert.deepEqual(codecs.rawPlay.decode(codecs.rawPlay.encode(raw)), raw);
  });

  it('refuses only an item without a played_at, or without a track id that is not a local file', () => {
    const item = { played_at: '2026-01-01T00:00:00.000Z', track, context: null };
    assert.throws(
      () => toRawPlay({ ...item, played_at: 'x' }, account, new Date()),
      (e: unknown) => e instanceof PlayShapeError && /played_at/.test(e.message),
    );
    assert.throws(
      () =>
        toRawPlay({ ...item, track: { ...track, id: null, uri: 'spotify:local:x' } }, account, new Date()),
      /track id/,
    );
    // A track URI names the track when the id is missing.
    assert.equal(
      toRawPlay({ ...item, track: { ...track, id: null } }, account, new Date()).track.id,
      track.id,
    );
    assert.throws(() => toRawPlay({ ...item, track: null }, account, new Date()), /no track/);
    assert.throws(() => toRawPlay(null, account, new Date()), /played_at/);
  });
});
