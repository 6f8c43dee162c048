import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareBatch } from '../batch/prepare-batch.ts';
import type { PlayFact } from '../rows.ts';
import { matchListens, mergeListen, toleranceFor } from './match-listens.ts';

const T0 = Date.parse('2024-06-01T12:00:00.000Z');

function play(source: PlayFact['source'], offsetMs: number, over: Partial<PlayFact> = {}): PlayFact {
  const imported = source === 'history_import';
  return {
    account_id: 'acc',
    played_at: new Date(T0 + offsetMs),
    time_zone: 'UTC',
    local_date_key: 20240601,
    local_time_key: 1200,
    track_id: 'track-1',
    album_id: imported ? 'export-album:x' : 'album-1',
    primary_artist_id: imported ? 'export-artist:x' : 'artist-1',
    context_type: imported ? null : 'playlist',
    context_uri: imported ? null : 'spotify:playlist:p',
    ms_played: imported ? 200_000 : null,
    source,
    reason_start: imported ? 'trackdone' : null,
    reason_end: imported ? 'trackdone' : null,
    shuffle: imported ? true : null,
    skipped: imported ? false : null,
    offline: imported ? false : null,
    track_name: imported ? 'Song' : null,
    album_name: imported ? 'Album' : null,
    artist_name: imported ? 'Artist' : null,
    ...over,
  };
}

const batch = (plays: PlayFact[]) => ({ artists: [], albums: [], tracks: [], accounts: [], plays });

describe('toleranceFor', () => {
  it('is the option, capped by a known positive duration', () => {
    assert.equal(toleranceFor(90_000, null), 90_000);
    assert.equal(toleranceFor(90_000, 0), 90_000);
    assert.equal(toleranceFor(90_000, 45_000), 45_000);
    assert.equal(toleranceFor(90_000, 300_000), 90_000);
  });
});

describe('mergeListen', () => {
  it("keeps the polled time, keys and context and takes the export's fields", () => {
    const merged = mergeListen(play('api', 0), play('history_import', -700));
    assert.equal(merged.played_at.getTime(), T0);
    assert.equal(merged.source, 'api');
    assert.equal(merged.album_id, 'album-1');
    assert.equal(merged.context_type, 'playlist');
    assert.equal(merged.ms_played, 200_000);
    assert.equal(merged.shuffle, true);
    assert.equal(merged.history_played_at?.getTime(), T0 - 700);
    assert.equal(merged.track_name, null);
  });
});

describe('matchListens in prepareBatch', () => {
  it('merges a polled and an imported play of one listen, whichever comes first in the batch', () => {
    for (const order of [
      [play('api', 0), play('history_import', -400)],
      [play('history_import', -400), play('api', 0)],
    ]) {
      const { plays } = prepareBatch(batch(order));
      assert.equal(plays.length, 1);
      assert.equal(plays[0]!.played_at.getTime(), T0);
      assert.equal(plays[0]!.history_played_at?.getTime(), T0 - 400);
    }
  });

  it('keeps plays apart beyond the tolerance, of another track or account, or of the same source', () => {
    const cases: PlayFact[][] = [
      [play('api', 0), play('history_import', 90_001)],
      [play('api', 0), play('history_import', 1_000, { track_id: 'track-2' })],
      [play('api', 0), play('history_import', 1_000, { account_id: 'other' })],
      [play('api', 0), play('api', 1_000)],
      [play('history_import', 0), play('history_import', 1_000)],
    ];
    for (const plays of cases) assert.equal(prepareBatch(batch(plays)).plays.length, 2);
  });

  it('caps the tolerance by the track duration when the batch describes the track', () => {
    const track = {
      track_id: 'track-1',
      name: 'Song',
      uri: 'spotify:track:track-1',
      duration_ms: 20_000,
      explicit: false,
      disc_number: 1,
      track_number: 1,
      album_id: 'album-1',
      artist_ids: ['artist-1'],
      isrc: null,
    };
    const plays = [play('api', 0), play('history_import', 25_000)];
    assert.equal(prepareBatch({ ...batch(plays), tracks: [track] }).plays.length, 2);
    assert.equal(prepareBatch(batch(plays)).plays.length, 1);
    assert.equal(prepareBatch(batch(plays), { listenMatchToleranceMs: 10_000 }).plays.length, 2);
  });

  it('pairs each listen of a track on repeat with its own twin', () => {
    const plays = [
      play('api', 0),
      play('api', 40_000),
      play('api', 80_000),
      play('history_import', 39_600),
      play('history_import', -300),
      play('history_import', 79_100),
    ];
    const out = prepareBatch(batch(plays)).plays;
    assert.deepEqual(
      out.map((p) => [p.played_at.getTime() - T0, (p.history_played_at?.getTime() ?? Number.NaN) - T0]),
      [
        [0, -300],
        [40_000, 39_600],
        [80_000, 79_100],
      ],
    );
  });

  it('merges an imported and a polled play at the very same millisecond instead of dropping one', () => {
    const out = prepareBatch(batch([play('history_import', 0), play('api', 0)])).plays;
    assert.equal(out.length, 1);
    assert.equal(out[0]!.source, 'api');
    assert.equal(out[0]!.ms_played, 200_000);
  });

  it('leaves plays alone when the batch has only one source', () => {
    const plays = [play('api', 0), play('api', 5_000)];
    assert.deepEqual(
      matchListens(plays, () => 90_000).map((p) => p.history_played_at),
      [null, null],
    );
  });
});
