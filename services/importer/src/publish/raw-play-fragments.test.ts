import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codecs, type RawPlay } from '@spotify-pipeline/avro';
import fc from 'fast-check';
import type { ExportFileKind } from '../export/classify-file.ts';
import { type MapOptions, mapExportPlay } from '../map-export-play.ts';
import { exportTrackKey, RawPlayFragments } from './raw-play-fragments.ts';

const OPTIONS: MapOptions = {
  account: { id: 'acc1', time_zone: 'Europe/Berlin', display_name: 'Ann', country: null },
  fetchedAt: new Date('2026-01-01T00:00:00.123Z'),
  minPlayMs: 0,
  skipIncognito: false,
};
const EXTENDED: ExportFileKind = { format: 'extended', content: 'audio' };
const ACCOUNT_DATA: ExportFileKind = { format: 'account-data', content: 'audio' };

/** One extended-history entry of a known track at a fixed time, mapped; `fields` add or replace. */
function mappedExtended(fields: Record<string, unknown>, options: MapOptions = OPTIONS): RawPlay {
  const mapped = mapExportPlay(
    {
      ts: '2021-03-04T05:06:07Z',
      ms_played: 1000,
      spotify_track_uri: 'spotify:track:4uLU6hMCjMI75M1A2tKUQC',
      ...fields,
    },
    'extended',
    EXTENDED,
    options,
  );
  assert.ok(mapped.ok);
  return mapped.play;
}

const fragmentsFor = (options: MapOptions) =>
  new RawPlayFragments({
    account: options.account,
    source: 'history_import',
    fetched_at: options.fetchedAt,
    context: null,
  });

/** The value as the publisher writes it: the tail of the read, the key of the plan. */
function assembled(fragments: RawPlayFragments, play: RawPlay, playedAtMs: number): Buffer {
  const tail = fragments.encodeTail(play);
  assert.ok(typeof tail !== 'string', `refused: ${String(tail)}`);
  const track = Buffer.from(tail.bytes.subarray(0, tail.historyAt));
  const history = Buffer.from(tail.bytes.subarray(tail.historyAt));
  const value = Buffer.alloc(fragments.maxValueBytes(track.length + history.length));
  return value.subarray(0, fragments.writeValue(value, 0, playedAtMs, track, history));
}

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constant(''));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

describe('RawPlayFragments', () => {
  it('writes exactly the bytes of codecs.rawPlay.encode, for any extended or account-data entry', () => {
    const fragments = fragmentsFor(OPTIONS);
    const extended = fc.record({
      ts: fc
        .date({ min: new Date('2006-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')),
      ms_played: fc.oneof(fc.nat(), fc.maxSafeNat()),
      master_metadata_track_name: maybe(text),
      master_metadata_album_artist_name: maybe(text),
      master_metadata_album_album_name: maybe(text),
      spotify_track_uri: fc.oneof(
        fc.stringMatching(/^[0-9A-Za-z]{22}$/).map((id) => `spotify:track:${id}`),
        fc.constant(null),
        text.map((t) => `spotify:local:${t}`),
      ),
      reason_start: maybe(text),
      reason_end: maybe(text),
      shuffle: maybe(fc.boolean()),
      skipped: maybe(fc.boolean()),
      offline: maybe(fc.boolean()),
      offline_timestamp: fc.oneof(
        fc.constant(0),
        fc.integer({ min: 1, max: 2_000_000_000 }),
        fc.constant(null),
      ),
      incognito_mode: maybe(fc.boolean()),
    });
    const accountData = fc.record({
      endTime: fc
        .date({ min: new Date('2006-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 16).replace('T', ' ')),
      msPlayed: fc.nat(),
      artistName: text.filter((t) => t !== ''),
      trackName: text.filter((t) => t !== ''),
    });
    fc.assert(
      fc.property(
        fc.oneof(
          extended.map((e) => mapExportPlay(e, 'extended', EXTENDED, OPTIONS)),
          accountData.map((e) => mapExportPlay(e, 'account-data', ACCOUNT_DATA, OPTIONS)),
        ),
        fc.integer({ min: 0, max: 999 }),
        (mapped, slot) => {
          if (!mapped.ok) return;
          const playedAt = Math.floor(mapped.play.played_at.getTime() / 1000) * 1000 + slot;
          const expected = codecs.rawPlay.encode({ ...mapped.play, played_at: new Date(playedAt) });
          assert.deepEqual(assembled(fragments, mapped.play, playedAt), expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('writes another history in place of the play’s own, as the codec would', () => {
    const fragments = fragmentsFor(OPTIONS);
    const play = mappedExtended({});
    const combined = { ...play.history!, skipped: true, reason_end: 'trackdone' };
    const tail = fragments.encodeTail(play);
    assert.ok(typeof tail !== 'string');
    const history = fragments.encodeHistory(combined);
    assert.ok(history);
    const value = Buffer.alloc(fragments.maxValueBytes(tail.historyAt + history.length));
    const end = fragments.writeValue(
      value,
      0,
      1614834367_123,
      tail.bytes.subarray(0, tail.historyAt),
      history,
    );
    assert.deepEqual(
      value.subarray(0, end),
      codecs.rawPlay.encode({ ...play, played_at: new Date(1614834367_123), history: combined }),
    );
  });

  it('refuses what the contract refuses, with the codec’s message', () => {
    const fragments = fragmentsFor(OPTIONS);
    const huge = mappedExtended({ ms_played: 1e300 });
    const refused = fragments.encodeTail(huge);
    assert.equal(typeof refused, 'string');
    assert.throws(() => codecs.rawPlay.encode(huge), { message: refused as string });
    assert.equal(fragments.encodeHistory({ ...huge.history!, ms_played: 1.5 }), null);
    for (const offline_timestamp of [new Date(Number.NaN), 1234 as unknown as Date]) {
      const play: RawPlay = {
        ...huge,
        history: { ...huge.history!, ms_played: 1000, offline_timestamp },
      };
      const message = fragments.encodeTail(play);
      assert.equal(typeof message, 'string');
      assert.throws(() => codecs.rawPlay.encode(play), { message: message as string });
      assert.equal(fragments.encodeHistory(play.history), null);
    }
  });

  it('refuses every play when the import’s own account cannot be encoded', () => {
    const options = { ...OPTIONS, account: { ...OPTIONS.account, country: 42 as unknown as string } };
    const fragments = fragmentsFor(options);
    assert.match(String(fragments.encodeTail(mappedExtended({}, options))), /country/);
  });

  it('grows its scratch buffer for a long track', () => {
    const fragments = fragmentsFor(OPTIONS);
    const name = 'x'.repeat(100_000);
    const play = mappedExtended({ master_metadata_track_name: name, master_metadata_album_album_name: name });
    assert.deepEqual(assembled(fragments, play, play.played_at.getTime()), codecs.rawPlay.encode(play));
  });

  it('encodes a track it has seen from its key, and any other track on its own', () => {
    const fragments = fragmentsFor(OPTIONS);
    const entry = (ms: number, extra: Record<string, unknown> = {}) =>
      mapExportPlay(
        {
          ts: '2021-03-04T05:06:07Z',
          ms_played: ms,
          master_metadata_track_name: 'Song',
          master_metadata_album_artist_name: 'Band',
          master_metadata_album_album_name: 'Album',
          spotify_track_uri: 'spotify:track:4uLU6hMCjMI75M1A2tKUQC',
          reason_end: `r${ms}`,
          ...extra,
        },
        'extended',
        EXTENDED,
        OPTIONS,
      );
    const plays = [
      entry(1000),
      entry(2000),
      entry(3000, { master_metadata_album_album_name: 'Album 2' }),
    ].map((m) => (m.ok ? m.play : assert.fail('not a play')));
    const other = { ...plays[0]!, track: { ...plays[0]!.track, duration_ms: 200_000, popularity: 3 } };
    assert.equal(exportTrackKey(other.track), null);
    assert.notEqual(exportTrackKey(plays[0]!.track), null);
    assert.equal(exportTrackKey(plays[0]!.track), exportTrackKey(plays[1]!.track));
    assert.notEqual(exportTrackKey(plays[0]!.track), exportTrackKey(plays[2]!.track));
    for (const play of [...plays, other, plays[0]!, other]) {
      assert.deepEqual(
        assembled(fragments, play, 1614834367_000),
        codecs.rawPlay.encode({ ...play, played_at: new Date(1614834367_000) }),
      );
    }
    // Names that would run together without their lengths make different keys.
    const named = (name: string, album: string) =>
      exportTrackKey({ ...plays[0]!.track, name, album: { ...plays[0]!.track.album, name: album } });
    assert.notEqual(named('ab', 'c'), named('a', 'bc'));
  });
});
