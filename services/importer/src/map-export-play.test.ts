import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codecs } from '@spotify-pipeline/avro';
import type { ExportFileKind } from './export/classify-file.ts';
import { classifyExportFile } from './export/classify-file.ts';
import { normaliseOfflineTimestamp } from './export/offline-timestamp.ts';
import { syntheticTrackId } from './export/synthetic-track-id.ts';
import { type MapOptions, type MappedEntry, mapExportPlay } from './map-export-play.ts';

const OPTIONS: MapOptions = {
  account: { id: 'acc1', time_zone: 'Europe/Berlin', display_name: null, country: null },
  fetchedAt: new Date('2026-01-01T00:00:00Z'),
  minPlayMs: 30_000,
  skipIncognito: false,
};
const AUDIO: ExportFileKind = { format: 'extended', content: 'audio' };
const extended = {
  ts: '2021-03-04T05:06:07Z',
  platform: 'android',
  ms_played: 181_000,
  conn_country: 'DE',
  ip_addr: '203.0.113.9',
  master_metadata_track_name: 'Sœur 🎸',
  master_metadata_album_artist_name: 'Звезда',
  master_metadata_album_album_name: 'Golden',
  spotify_track_uri: 'spotify:track:4uLU6hMCjMI75M1A2tKUQC',
  episode_name: null,
  episode_show_name: null,
  spotify_episode_uri: null,
  audiobook_title: null,
  audiobook_uri: null,
  audiobook_chapter_uri: null,
  audiobook_chapter_title: null,
  reason_start: 'clickrow',
  reason_end: 'trackdone',
  shuffle: true,
  skipped: false,
  offline: true,
  offline_timestamp: 1614834186,
  incognito_mode: false,
};

function ok(result: MappedEntry) {
  assert.ok(result.ok, `expected a play, got ${JSON.stringify(result)}`);
  return result;
}
function skipped(result: MappedEntry) {
  assert.ok(!result.ok, 'expected a skip');
  return result;
}

describe('mapExportPlay: extended streaming history', () => {
  it('maps a track play to RawPlay v2 with its history, names and no ip address', () => {
    const { play, resolution } = ok(mapExportPlay(extended, 'extended', AUDIO, OPTIONS));
    assert.equal(resolution, 'needs-enrichment');
    assert.equal(play.source, 'history_import');
    assert.deepEqual(play.played_at, new Date('2021-03-04T05:06:07Z'));
    assert.equal(play.track.id, '4uLU6hMCjMI75M1A2tKUQC');
    assert.equal(play.track.name, 'Sœur 🎸');
    assert.deepEqual(play.track.album.id, null);
    assert.equal(play.track.album.name, 'Golden');
    assert.deepEqual(play.track.artists, [{ id: null, uri: null, name: 'Звезда' }]);
    assert.deepEqual(play.history, {
      ms_played: 181_000,
      reason_start: 'clickrow',
      reason_end: 'trackdone',
      shuffle: true,
      skipped: false,
      offline: true,
      offline_timestamp: new Date(1614834186_000),
      incognito_mode: false,
    });
    const encoded = codecs.rawPlay.encode(play);
    assert.ok(!encoded.includes('203.0.113.9'));
    assert.deepEqual(codecs.rawPlay.decode(encoded).history, play.history);
  });

  it('normalises offline_timestamp: seconds, milliseconds, 0 and junk', () => {
    assert.deepEqual(normaliseOfflineTimestamp(1614834186), new Date(1614834186_000));
    assert.deepEqual(normaliseOfflineTimestamp(1614834186123), new Date(1614834186123));
    assert.deepEqual(normaliseOfflineTimestamp('1614834186'), new Date(1614834186_000));
    for (const v of [0, null, undefined, -5, 'x', Number.NaN])
      assert.equal(normaliseOfflineTimestamp(v), null);
    const zero = ok(mapExportPlay({ ...extended, offline_timestamp: 0 }, 'extended', AUDIO, OPTIONS));
    assert.equal(zero.play.history?.offline_timestamp, null);
  });

  it('counts each skip reason', () => {
    const cases: [Record<string, unknown>, ExportFileKind, Partial<MapOptions>, string][] = [
      [
        {
          ...extended,
          spotify_track_uri: null,
          spotify_episode_uri: 'spotify:episode:x',
          episode_name: 'E1',
        },
        AUDIO,
        {},
        'podcast-episode',
      ],
      [
        { ...extended, spotify_track_uri: null, audiobook_uri: 'spotify:show:x', audiobook_title: 'B' },
        AUDIO,
        {},
        'audiobook',
      ],
      [extended, { format: 'extended', content: 'video' }, {}, 'video'],
      [{ ...extended, ms_played: 29_999 }, AUDIO, {}, 'under-minimum-play-time'],
      [{ ...extended, incognito_mode: true }, AUDIO, { skipIncognito: true }, 'incognito'],
      [{ ...extended, ts: undefined }, AUDIO, {}, 'malformed'],
      [{ ...extended, ts: '2021-03-04 05:06' }, AUDIO, {}, 'malformed'],
      [{ ...extended, ms_played: '12' }, AUDIO, {}, 'malformed'],
      [{ ...extended, spotify_track_uri: 'spotify:track:short' }, AUDIO, {}, 'malformed'],
    ];
    for (const [entry, kind, options, reason] of cases) {
      assert.equal(
        skipped(mapExportPlay(entry, 'extended', kind, { ...OPTIONS, ...options })).reason,
        reason,
        reason,
      );
    }
    assert.equal(skipped(mapExportPlay([1], 'extended', AUDIO, OPTIONS)).detail, 'not an object (array)');
    assert.equal(skipped(mapExportPlay(null, 'extended', AUDIO, OPTIONS)).reason, 'malformed');
    // Kept when not asked to skip them; the minimum is an option.
    ok(mapExportPlay({ ...extended, incognito_mode: true }, 'extended', AUDIO, OPTIONS));
    ok(mapExportPlay({ ...extended, ms_played: 0 }, 'extended', AUDIO, { ...OPTIONS, minPlayMs: 0 }));
  });

  it('keeps local files as local plays without an id', () => {
    const { play, resolution } = ok(
      mapExportPlay({ ...extended, spotify_track_uri: null }, 'extended', AUDIO, OPTIONS),
    );
    assert.equal(resolution, 'local');
    assert.equal(play.track.is_local, true);
    assert.equal(play.track.id, null);
    assert.match(play.track.uri, /^spotify:local:/);
  });
});

describe('mapExportPlay: account data', () => {
  const music: ExportFileKind = { format: 'account-data', content: 'audio' };
  const entry = {
    endTime: '2023-12-31 23:59',
    artistName: 'Beyonce\u0301',
    trackName: 'Halo',
    msPlayed: 200_000,
  };

  it('maps a name-only play under a stable synthetic id', () => {
    const { play, resolution } = ok(mapExportPlay(entry, 'account-data', music, OPTIONS));
    assert.equal(resolution, 'unresolved');
    assert.deepEqual(play.played_at, new Date('2023-12-31T23:59:00Z'));
    assert.match(play.track.id!, /^unresolved:[0-9A-Za-z]{22}$/);
    // Same song however its names are composed, cased or spaced.
    assert.equal(play.track.id, syntheticTrackId('  BEYONCÉ ', 'halo'));
    assert.notEqual(play.track.id, syntheticTrackId('Beyoncé', 'Halo 2'));
    assert.equal(play.history?.ms_played, 200_000);
    codecs.rawPlay.encode(play);
  });

  it('skips podcasts, short and malformed plays', () => {
    const podcast: ExportFileKind = { format: 'account-data', content: 'podcast' };
    assert.equal(skipped(mapExportPlay(entry, 'account-data', podcast, OPTIONS)).reason, 'podcast-episode');
    assert.equal(
      skipped(mapExportPlay({ ...entry, msPlayed: 10 }, 'account-data', music, OPTIONS)).reason,
      'under-minimum-play-time',
    );
    assert.equal(
      skipped(mapExportPlay({ ...entry, endTime: '2023-12-31T23:59' }, 'account-data', music, OPTIONS))
        .reason,
      'malformed',
    );
    assert.equal(
      skipped(mapExportPlay({ ...entry, trackName: '' }, 'account-data', music, OPTIONS)).reason,
      'malformed',
    );
  });

  it('skips the rows of a podcast history file (podcastName, episodeName) as podcast episodes', () => {
    const row = {
      endTime: '2023-05-01 10:00',
      podcastName: 'The Daily',
      episodeName: 'Monday',
      msPlayed: 900_000,
    };
    const podcast = classifyExportFile('StreamingHistory_podcast_0.json')!;
    assert.equal(skipped(mapExportPlay(row, 'account-data', podcast, OPTIONS)).reason, 'podcast-episode');
    // The same row in a file of another name (given by hand) is still an episode, not malformed.
    assert.equal(skipped(mapExportPlay(row, 'account-data', music, OPTIONS)).reason, 'podcast-episode');
  });
});

describe('classifyExportFile', () => {
  it('tells the history files by name', () => {
    assert.deepEqual(classifyExportFile('Streaming_History_Audio_2019-2021_3.json'), {
      format: 'extended',
      content: 'audio',
    });
    assert.deepEqual(classifyExportFile('endsong_0.json'), { format: 'extended', content: 'audio' });
    assert.deepEqual(classifyExportFile('Streaming_History_Video_2020.json'), {
      format: 'extended',
      content: 'video',
    });
    assert.deepEqual(classifyExportFile('StreamingHistory0.json'), {
      format: 'account-data',
      content: 'audio',
    });
    assert.deepEqual(classifyExportFile('StreamingHistory_music_1.json'), {
      format: 'account-data',
      content: 'audio',
    });
    assert.deepEqual(classifyExportFile('StreamingHistory_podcast_0.json'), {
      format: 'account-data',
      content: 'podcast',
    });
    assert.equal(classifyExportFile('Userdata.json'), null);
    assert.equal(classifyExportFile('Playlist1.json'), null);
  });
});
