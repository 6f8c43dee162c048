import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Track } from '@spotify/web-api-ts-sdk';
import { releaseYear, TrackShapeError, trackDimensions } from './track-records.ts';

const artist = (id: string, name: string) => ({ id, name, uri: `spotify:artist:${id}` });

function track(overrides: Record<string, unknown> = {}): Track {
  return {
    id: 'T'.repeat(22),
    name: 'Song',
    uri: `spotify:track:${'T'.repeat(22)}`,
    duration_ms: 201_000,
    explicit: false,
    disc_number: 1,
    track_number: 3,
    external_ids: { isrc: 'SEABC2400001' },
    artists: [artist('A1', 'First'), artist('A2', 'Second')],
    album: {
      id: 'B'.repeat(22),
      name: 'Record',
      uri: `spotify:album:${'B'.repeat(22)}`,
      album_type: 'album',
      release_date: '2021-04',
      release_date_precision: 'month',
      total_tracks: 11,
      images: [
        { url: 'small', width: 64, height: 64 },
        { url: 'large', width: 640, height: 640 },
      ],
      artists: [artist('A3', 'Album Artist'), artist('A1', 'First')],
    },
    ...overrides,
  } as unknown as Track;
}

describe('trackDimensions', () => {
  it('gives the records a polled play of the track would: artists once, album, track in credit order', () => {
    const d = trackDimensions(track());
    assert.deepEqual(
      d.artists.map((a) => a.artist_id),
      ['A1', 'A2', 'A3'],
    );
    assert.equal(d.album.image_url, 'large');
    assert.equal(d.album.release_year, 2021);
    assert.equal(d.album.primary_artist_id, 'A3');
    assert.deepEqual(d.track.artist_ids, ['A1', 'A2']);
    assert.equal(d.track.album_id, 'B'.repeat(22));
    assert.equal(d.track.isrc, 'SEABC2400001');
  });

  it('refuses a track without an album id or with an artist without an id, naming the track', () => {
    const base = track();
    assert.throws(
      () => trackDimensions(track({ album: { ...base.album, id: null } })),
      (e: unknown) => e instanceof TrackShapeError && /TTTT.*no album id/.test(e.message) && !e.retriable,
    );
    assert.throws(() => trackDimensions(track({ artists: [{ id: null, name: 'x' }] })), TrackShapeError);
  });

  it('reads release years of every precision and treats 0000 as unknown', () => {
    assert.equal(releaseYear('1999'), 1999);
    assert.equal(releaseYear('1999-12-31'), 1999);
    assert.equal(releaseYear('0000'), null);
    assert.equal(releaseYear(null), null);
    assert.equal(releaseYear('soon'), null);
  });
});
