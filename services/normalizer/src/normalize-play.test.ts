import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type NormalizedPlay, type NormalizeResult, normalizePlay } from './normalize-play.ts';
import { rawPlayFixture } from './raw-play.fixture.ts';
import type { Rejection } from './rejection.ts';

function accepted(result: NormalizeResult): NormalizedPlay {
  if (!result.ok) assert.fail(`expected a normalized play, got ${result.reason}: ${result.detail}`);
  return result.value;
}

/** A play as the importer publishes it: a track id and the export's names, no other ids. */
function exportPlay(trackName: string, artistName: string, albumName: string) {
  const artists = [{ id: null, uri: null, name: artistName }];
  return rawPlayFixture({
    source: 'history_import',
    context: null,
    track: { name: trackName, artists, album: { id: null, uri: null, name: albumName, artists } },
    history: {
      ms_played: 200_000,
      reason_start: 'trackdone',
      reason_end: 'trackdone',
      shuffle: false,
      skipped: false,
      offline: false,
      offline_timestamp: null,
      incognito_mode: false,
    },
  });
}

function rejected(result: NormalizeResult): Rejection {
  if (result.ok) assert.fail('expected a rejection');
  return result;
}

describe('normalizePlay', () => {
  it('splits a play into artists, album, track, account and fact', () => {
    const { artists, albums, track, account, play } = accepted(normalizePlay(rawPlayFixture()));
    assert.deepEqual(artists, [
      { artist_id: 'artist-a', name: 'Artist A', uri: 'spotify:artist:artist-a' },
      { artist_id: 'artist-b', name: 'Band B', uri: 'spotify:artist:artist-b' },
    ]);
    assert.deepEqual(albums, [
      {
        album_id: 'album-1',
        name: 'Album One',
        uri: 'spotify:album:album-1',
        album_type: 'album',
        release_date: '2019-05-17',
        release_date_precision: 'day',
        release_year: 2019,
        total_tracks: 12,
        image_url: 'https://i.scdn.co/image/640',
        primary_artist_id: 'artist-b',
      },
    ]);
    assert.deepEqual(track, {
      track_id: 'track-1',
      name: 'Song One',
      uri: 'spotify:track:track-1',
      duration_ms: 210_000,
      explicit: false,
      disc_number: 1,
      track_number: 3,
      album_id: 'album-1',
      artist_ids: ['artist-a', 'artist-b'],
      isrc: 'USAB12345678',
    });
    assert.deepEqual(account, {
      account_id: 'account-1',
      display_name: 'Ada',
      country: 'DE',
      time_zone: 'Europe/Berlin',
    });
    assert.deepEqual(play, {
      account_id: 'account-1',
      played_at: new Date('2024-06-01T12:34:56.789Z'),
      time_zone: 'Europe/Berlin',
      local_date_key: 20240601,
      local_time_key: 1434,
      track_id: 'track-1',
      album_id: 'album-1',
      primary_artist_id: 'artist-a',
      context_type: 'playlist',
      context_uri: 'spotify:playlist:pl1',
      ms_played: null,
      source: 'api',
      reason_start: null,
      reason_end: null,
      shuffle: null,
      skipped: null,
      offline: null,
      track_name: null,
      album_name: null,
      artist_name: null,
    });
  });

  it("keeps the track artists in Spotify's order; the first is the fact's primary artist", () => {
    const raw = rawPlayFixture({
      track: {
        artists: [
          { id: 'z', uri: null, name: 'Zed' },
          { id: 'a', uri: null, name: 'Ay' },
          { id: 'm', uri: null, name: 'Em' },
        ],
      },
    });
    const { artists, track, play } = accepted(normalizePlay(raw));
    assert.deepEqual(track?.artist_ids, ['z', 'a', 'm']);
    assert.equal(play.primary_artist_id, 'z');
    // Album artists that are not track artists are dimension members too; a missing uri is derived.
    assert.deepEqual(
      artists.map((a) => [a.artist_id, a.uri]),
      [
        ['z', 'spotify:artist:z'],
        ['a', 'spotify:artist:a'],
        ['m', 'spotify:artist:m'],
        ['artist-b', 'spotify:artist:artist-b'],
      ],
    );
  });

  it('takes the export-only fields from history', () => {
    const raw = rawPlayFixture({
      source: 'history_import',
      context: null,
      history: {
        ms_played: 12_345,
        reason_start: 'clickrow',
        reason_end: 'endplay',
        shuffle: true,
        skipped: false,
        offline: null,
        offline_timestamp: null,
        incognito_mode: false,
      },
    });
    const { play } = accepted(normalizePlay(raw));
    assert.equal(play.ms_played, 12_345);
    assert.equal(play.source, 'history_import');
    assert.equal(play.reason_start, 'clickrow');
    assert.equal(play.reason_end, 'endplay');
    assert.equal(play.shuffle, true);
    assert.equal(play.skipped, false);
    assert.equal(play.offline, null);
    assert.equal(play.context_type, null);
    assert.equal(play.context_uri, null);
  });

  it('keeps an export play without album and artist ids: placeholder keys, names, no dimension records', () => {
    const raw = exportPlay('Dancing Queen', 'ABBA', 'Arrival');
    const { artists, albums, track, account, play } = accepted(normalizePlay(raw));
    assert.deepEqual([artists, albums, track, account], [[], [], null, null]);
    assert.equal(play.track_id, 'track-1');
    assert.match(play.album_id, /^export-album:[0-9A-Za-z]{22}$/);
    assert.match(play.primary_artist_id, /^export-artist:[0-9A-Za-z]{22}$/);
    assert.deepEqual(
      [play.track_name, play.album_name, play.artist_name],
      ['Dancing Queen', 'Arrival', 'ABBA'],
    );
    assert.equal(play.source, 'history_import');
    assert.equal(play.ms_played, 200_000);
    assert.equal(play.local_date_key, 20240601);
  });

  it('gives one placeholder per artist and album name however it is spelt in case and spacing', () => {
    const a = accepted(normalizePlay(exportPlay('Song', 'ABBA', 'Arrival'))).play;
    const b = accepted(normalizePlay(exportPlay('Other song', ' abba ', 'ARRIVAL'))).play;
    const c = accepted(normalizePlay(exportPlay('Song', 'ABBA', 'Voulez-Vous'))).play;
    assert.equal(a.primary_artist_id, b.primary_artist_id);
    assert.equal(a.album_id, b.album_id);
    assert.equal(a.primary_artist_id, c.primary_artist_id);
    assert.notEqual(a.album_id, c.album_id);
  });

  it('keeps a name-only export play under its unresolved track id; a blank album name is null', () => {
    const raw = exportPlay('Song', 'Artist', '');
    raw.track.id = 'unresolved:0123456789abcdefghijkl';
    const { play } = accepted(normalizePlay(raw));
    assert.equal(play.track_id, 'unresolved:0123456789abcdefghijkl');
    assert.equal(play.album_name, null);
    assert.equal(play.artist_name, 'Artist');
  });

  it('emits no account record for a history import even with every id known', () => {
    const { account, track } = accepted(normalizePlay(rawPlayFixture({ source: 'history_import' })));
    assert.equal(account, null);
    assert.notEqual(track, null);
  });

  it('puts a polled play without an album id on inferred members, and still rejects a local export play', () => {
    const { play, track, albums, artists, account } = accepted(
      normalizePlay(rawPlayFixture({ track: { album: { id: null } } })),
    );
    assert.equal(track, null);
    assert.deepEqual([albums, artists], [[], []]);
    assert.ok(account, 'a polled play still carries its account record');
    assert.match(play.album_id, /^export-album:/);
    assert.match(play.primary_artist_id, /^export-artist:/);
    const local = exportPlay('Tape', 'Me', 'Demo');
    local.track.id = null;
    local.track.is_local = true;
    assert.equal(rejected(normalizePlay(local)).reason, 'local-track');
  });

  it('computes the local keys in the account zone', () => {
    const raw = rawPlayFixture({
      played_at: new Date('2024-10-27T01:30:00Z'),
      account: { time_zone: 'Asia/Kolkata' },
    });
    const { play } = accepted(normalizePlay(raw));
    assert.equal(play.local_date_key, 20241027);
    assert.equal(play.local_time_key, 700);
    assert.equal(play.time_zone, 'Asia/Kolkata');
  });

  it('reads the release year at year and month precision, and null when unknown', () => {
    const year = accepted(
      normalizePlay(
        rawPlayFixture({ track: { album: { release_date: '1969', release_date_precision: 'year' } } }),
      ),
    );
    assert.equal(year.albums[0]?.release_year, 1969);
    const month = accepted(
      normalizePlay(
        rawPlayFixture({ track: { album: { release_date: '1969-07', release_date_precision: 'month' } } }),
      ),
    );
    assert.equal(month.albums[0]?.release_year, 1969);
    const unknown = accepted(
      normalizePlay(
        rawPlayFixture({ track: { album: { release_date: null, release_date_precision: null } } }),
      ),
    );
    assert.equal(unknown.albums[0]?.release_year, null);
  });

  it('has a null image and primary artist for an album without images or artists', () => {
    const { albums } = accepted(
      normalizePlay(rawPlayFixture({ track: { album: { images: [], artists: [] } } })),
    );
    assert.equal(albums[0]?.image_url, null);
    assert.equal(albums[0]?.primary_artist_id, null);
  });

  it('rejects a local track', () => {
    const local = rejected(
      normalizePlay(rawPlayFixture({ track: { is_local: true, uri: 'spotify:local:a:b:c:1' } })),
    );
    assert.equal(local.reason, 'local-track');
    assert.match(local.detail, /spotify:local:a:b:c:1/);
    const noId = rejected(normalizePlay(rawPlayFixture({ track: { id: null } })));
    assert.equal(noId.reason, 'local-track');
  });

  it('rejects an episode', () => {
    const result = rejected(
      normalizePlay(rawPlayFixture({ track: { type: 'episode', uri: 'spotify:episode:e1' } })),
    );
    assert.equal(result.reason, 'episode');
    assert.match(result.detail, /spotify:episode:e1/);
  });

  it('puts a play lacking an id, a name or its duration on inferred members named by what it has', () => {
    const cases: Parameters<typeof rawPlayFixture>[0][] = [
      { track: { album: { id: null } } },
      { track: { artists: [] } },
      {
        track: {
          artists: [
            { id: 'a', uri: null, name: 'A' },
            { id: null, uri: null, name: 'B' },
          ],
        },
      },
      { track: { album: { artists: [{ id: 'x', uri: null, name: '' }] } } },
      { track: { name: ' ' } },
      { track: { album: { name: '' } } },
      { track: { duration_ms: 0 } },
    ];
    for (const overrides of cases) {
      const { play, track, albums, artists } = accepted(normalizePlay(rawPlayFixture(overrides)));
      assert.equal(track, null, JSON.stringify(overrides));
      assert.deepEqual([albums, artists], [[], []]);
      assert.match(play.album_id, /^export-album:/);
      assert.match(play.primary_artist_id, /^export-artist:/);
    }
  });

  it('rejects a play without an account id, naming the field', () => {
    const result = rejected(normalizePlay(rawPlayFixture({ account: { id: '' } })));
    assert.equal(result.reason, 'missing-field');
    assert.match(result.detail, /account\.id/);
  });

  it('rejects an unknown time zone', () => {
    const result = rejected(normalizePlay(rawPlayFixture({ account: { time_zone: 'Europe/Atlantis' } })));
    assert.equal(result.reason, 'invalid-time-zone');
    assert.match(result.detail, /Europe\/Atlantis/);
  });
});
