import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codecs } from './codecs.ts';
import { AvroDecodeError } from './errors/avro-decode-error.ts';
import { AvroEncodeError } from './errors/avro-encode-error.ts';
import { UnknownSchemaError } from './errors/unknown-schema-error.ts';
import type { RawPlay } from './records.ts';
import { loadSchemaVersion } from './schema-file.ts';
import { HEADER_BYTES, singleObjectHeader } from './single-object.ts';
import {
  sampleAccount,
  sampleAlbum,
  sampleArtist,
  sampleLocalRawPlay,
  samplePlayFact,
  sampleRawPlay,
  sampleTrack,
} from './testing/samples.ts';

const HARD_TEXT = [
  'Sigur Rós — Hoppípolla 🎶🔥', // emoji (4-byte UTF-8, surrogate pairs in JS)
  'فيروز - نسم علينا الهوى', // right-to-left Arabic
  'שלום \u200f עולם', // Hebrew with a right-to-left mark
  '𝄞 𠜎𠜱𠝹 🏳️‍🌈 👩🏽‍💻', // astral-plane CJK, ZWJ sequences
  'nul\u0000in the middle',
  '',
];

function roundTrip<T>(codec: { encode(v: T): Buffer; decode(b: Buffer): T }, value: T): T {
  return codec.decode(codec.encode(value));
}

describe('codecs round-trip', () => {
  it('a RawPlay with every optional field set', () => {
    const play = sampleRawPlay();
    assert.deepStrictEqual(roundTrip(codecs.rawPlay, play), play);
  });

  it('a RawPlay with null context and history (a polled play)', () => {
    const play = sampleRawPlay({ context: null, history: null });
    const back = roundTrip(codecs.rawPlay, play);
    assert.equal(back.context, null);
    assert.equal(back.history, null);
    assert.deepStrictEqual(back, play);
  });

  it('a local track with null ids', () => {
    const play = sampleLocalRawPlay();
    const back = roundTrip(codecs.rawPlay, play);
    assert.equal(back.track.id, null);
    assert.equal(back.track.album.id, null);
    assert.equal(back.track.artists[0]?.id, null);
    assert.deepStrictEqual(back, play);
  });

  it('played_at keeps its milliseconds exactly', () => {
    for (const ms of [0, 1, 7, 123, 999]) {
      const playedAt = new Date(Date.UTC(2024, 9, 27, 0, 59, 59, ms));
      const back = roundTrip(codecs.rawPlay, sampleRawPlay({ played_at: playedAt }));
      assert.equal(back.played_at.getTime(), playedAt.getTime());
      assert.equal(back.played_at.toISOString(), playedAt.toISOString());
    }
  });

  it('emoji, right-to-left, astral-plane and empty strings come back unchanged', () => {
    for (const text of HARD_TEXT) {
      const play = sampleRawPlay();
      play.track.name = text;
      play.track.album.name = text;
      play.track.artists = [{ id: null, uri: null, name: text }];
      play.account.display_name = text;
      assert.deepStrictEqual(roundTrip(codecs.rawPlay, play), play);
      assert.deepStrictEqual(
        roundTrip(codecs.artist, sampleArtist({ name: text })),
        sampleArtist({ name: text }),
      );
    }
  });

  it('a value far larger than the scratch buffer', () => {
    const long = `${'ŝ'.repeat(50_000)}🎵${'x'.repeat(100_000)}`;
    const play = sampleRawPlay();
    play.track.name = long;
    play.track.artists = Array.from({ length: 500 }, (_, i) => ({
      id: `a${i}`,
      uri: `spotify:artist:a${i}`,
      name: `Artist ${i}`,
    }));
    assert.deepStrictEqual(roundTrip(codecs.rawPlay, play), play);
    // The codec still encodes small values correctly after growing.
    assert.deepStrictEqual(roundTrip(codecs.rawPlay, sampleRawPlay()), sampleRawPlay());
  });

  it('every dimension and the fact', () => {
    assert.deepStrictEqual(roundTrip(codecs.artist, sampleArtist()), sampleArtist());
    assert.deepStrictEqual(roundTrip(codecs.album, sampleAlbum()), sampleAlbum());
    assert.deepStrictEqual(
      roundTrip(
        codecs.album,
        sampleAlbum({
          album_type: null,
          release_date: null,
          release_date_precision: null,
          release_year: null,
          total_tracks: null,
          image_url: null,
          primary_artist_id: null,
        }),
      ),
      sampleAlbum({
        album_type: null,
        release_date: null,
        release_date_precision: null,
        release_year: null,
        total_tracks: null,
        image_url: null,
        primary_artist_id: null,
      }),
    );
    assert.deepStrictEqual(roundTrip(codecs.track, sampleTrack()), sampleTrack());
    assert.deepStrictEqual(
      roundTrip(codecs.track, sampleTrack({ artist_ids: [], isrc: null })),
      sampleTrack({ artist_ids: [], isrc: null }),
    );
    assert.deepStrictEqual(roundTrip(codecs.account, sampleAccount()), sampleAccount());
    assert.deepStrictEqual(
      roundTrip(codecs.account, sampleAccount({ display_name: null, country: null })),
      sampleAccount({ display_name: null, country: null }),
    );
    assert.deepStrictEqual(roundTrip(codecs.playFact, samplePlayFact()), samplePlayFact());
    const sparse = samplePlayFact({
      source: 'api',
      context_type: null,
      context_uri: null,
      ms_played: null,
      reason_start: null,
      reason_end: null,
      shuffle: null,
      skipped: null,
      offline: null,
    });
    assert.deepStrictEqual(roundTrip(codecs.playFact, sparse), sparse);
  });

  it('keeps the order of artists', () => {
    const ids = ['c', 'a', 'b', 'a'];
    assert.deepStrictEqual(roundTrip(codecs.track, sampleTrack({ artist_ids: ids })).artist_ids, ids);
  });
});

describe('single-object framing', () => {
  it('starts with C3 01 and the little-endian fingerprint of the newest schema', () => {
    const bytes = codecs.rawPlay.encode(sampleRawPlay());
    assert.deepEqual([...bytes.subarray(0, 2)], [0xc3, 0x01]);
    const fingerprint = bytes.readBigUInt64LE(2);
    assert.equal(fingerprint.toString(16).padStart(16, '0'), codecs.rawPlay.writerFingerprint);
    assert.equal(codecs.rawPlay.fingerprints[0], codecs.rawPlay.writerFingerprint);
    assert.equal(codecs.rawPlay.version, 2);
  });

  it('the body is plain Avro binary of the writer schema', () => {
    const play = sampleRawPlay();
    const v2 = loadSchemaVersion('raw-play', 2);
    assert.deepEqual(codecs.rawPlay.encode(play).subarray(HEADER_BYTES), v2.type.toBuffer(play));
  });

  it('returns buffers that later encodes do not overwrite', () => {
    const first = codecs.artist.encode(sampleArtist({ name: 'first' }));
    const copy = Buffer.from(first);
    codecs.artist.encode(sampleArtist({ name: 'second, and longer' }));
    assert.deepEqual(first, copy);
  });

  it('decodes a Uint8Array view as well as a Buffer', () => {
    const bytes = codecs.account.encode(sampleAccount());
    const padded = new Uint8Array(bytes.length + 4);
    padded.set(bytes, 2);
    assert.deepStrictEqual(codecs.account.decode(padded.subarray(2, 2 + bytes.length)), sampleAccount());
  });

  it('exposes the writer schema with its docs', () => {
    const schema = codecs.rawPlay.writerSchema as { name: string; fields: { name: string; doc?: string }[] };
    assert.equal(schema.name, 'spotify.pipeline.RawPlay');
    assert.equal(schema.fields.at(-1)?.name, 'history');
    assert.ok(schema.fields.every((f) => typeof f.doc === 'string' && f.doc.length > 0));
  });
});

describe('schema evolution', () => {
  it('reads a RawPlay written with v1 as v2 with history null', () => {
    const v1 = loadSchemaVersion('raw-play', 1);
    const { history: _dropped, ...asV1 } = sampleRawPlay();
    const bytes = Buffer.concat([singleObjectHeader(v1.fingerprint), v1.type.toBuffer(asV1)]);
    const back: RawPlay = codecs.rawPlay.decode(bytes);
    assert.equal(back.history, null);
    assert.deepStrictEqual(back, { ...asV1, history: null });
    assert.ok(back.played_at instanceof Date);
  });

  it('knows both RawPlay versions, newest first', () => {
    assert.deepEqual(
      codecs.rawPlay.versions.map((v) => v.version),
      [2, 1],
    );
    assert.equal(new Set(codecs.rawPlay.fingerprints).size, 2);
  });
});

describe('decode errors', () => {
  const good = codecs.rawPlay.encode(sampleRawPlay());

  function decodeError(bytes: unknown): AvroDecodeError {
    try {
      codecs.rawPlay.decode(bytes as Buffer);
    } catch (error) {
      assert.ok(error instanceof AvroDecodeError, `expected AvroDecodeError, got ${String(error)}`);
      assert.equal(error.retriable, false);
      assert.equal(error.codec, 'rawPlay');
      return error;
    }
    assert.fail('decode did not throw');
  }

  it('an unknown fingerprint is an UnknownSchemaError carrying it as hex', () => {
    const bytes = Buffer.from(good);
    bytes.writeBigUInt64LE(0x0123456789abcdefn, 2);
    assert.throws(
      () => codecs.rawPlay.decode(bytes),
      (error: unknown) =>
        error instanceof UnknownSchemaError &&
        error.fingerprint === '0123456789abcdef' &&
        error.codec === 'rawPlay' &&
        error.retriable === false &&
        error.message.includes('0123456789abcdef'),
    );
  });

  it("another record's bytes are an UnknownSchemaError, not a misread", () => {
    assert.throws(() => codecs.rawPlay.decode(codecs.artist.encode(sampleArtist())), UnknownSchemaError);
  });

  it('a wrong marker', () => {
    const bytes = Buffer.from(good);
    bytes[0] = 0x7b; // '{': someone produced JSON
    const error = decodeError(bytes);
    assert.equal(error.reason, 'bad-marker');
    assert.match(error.message, /marker c3 01, got 7b 01/);
  });

  it('too short for the header', () => {
    assert.equal(decodeError(good.subarray(0, 9)).reason, 'too-short');
    assert.equal(decodeError(Buffer.alloc(0)).reason, 'too-short');
  });

  it('a truncated body', () => {
    for (const cut of [HEADER_BYTES, HEADER_BYTES + 1, good.length - 1]) {
      const error = decodeError(good.subarray(0, cut));
      assert.equal(error.reason, 'truncated', `cut at ${cut}`);
    }
  });

  it('trailing bytes after the value', () => {
    const error = decodeError(Buffer.concat([good, Buffer.from([0])]));
    assert.equal(error.reason, 'trailing-bytes');
    assert.match(error.message, /1 bytes left/);
  });

  it('a corrupt body (impossible union branch)', () => {
    // An artist body is three strings; an album-level corruption is easier to aim at a union:
    // account.display_name is the third field, a ["null","string"] index; 0x7e zigzag-decodes to 63.
    const account = codecs.account.encode(sampleAccount());
    const bytes = Buffer.from(account);
    const idLength = Buffer.byteLength(sampleAccount().account_id);
    bytes[HEADER_BYTES + 1 + idLength] = 0x7e;
    assert.throws(
      () => codecs.account.decode(bytes),
      (error: unknown) =>
        error instanceof AvroDecodeError && error.reason === 'corrupt' && error.cause instanceof Error,
    );
  });

  it('a null value (a tombstone) or a non-buffer', () => {
    assert.equal(decodeError(null).reason, 'not-bytes');
    assert.equal(decodeError('c301').reason, 'not-bytes');
  });
});

describe('encode errors', () => {
  it('name the path of every bad field', () => {
    const play = sampleRawPlay() as unknown as {
      track: Record<string, unknown> & { album: { images: unknown[] } };
    };
    delete play.track.name;
    play.track.album.images = [{ url: 42, height: null, width: null }];
    assert.throws(
      () => codecs.rawPlay.encode(play as unknown as RawPlay),
      (error: unknown) => {
        assert.ok(error instanceof AvroEncodeError);
        assert.equal(error.retriable, false);
        assert.deepEqual(
          error.problems.map((p) => p.path),
          ['track.name', 'track.album.images[0].url'],
        );
        assert.match(error.message, /track\.name: expected string, got undefined \(missing\)/);
        assert.match(error.message, /track\.album\.images\[0\]\.url: expected string, got number 42/);
        return true;
      },
    );
  });

  it('reject an invalid Date, a float where an int belongs and an unknown enum symbol', () => {
    const play = sampleRawPlay({ played_at: new Date(Number.NaN), source: 'radio' as RawPlay['source'] });
    play.track.duration_ms = 1.5;
    assert.throws(
      () => codecs.rawPlay.encode(play),
      (error: unknown) =>
        error instanceof AvroEncodeError &&
        error.problems.some((p) => p.path === 'played_at' && p.actual === 'Invalid Date') &&
        error.problems.some((p) => p.path === 'track.duration_ms') &&
        error.problems.some((p) => p.path === 'source' && p.expected === 'PlaySource'),
    );
  });

  it('reject a value that is not an object at all', () => {
    assert.throws(
      () => codecs.artist.encode(null as never),
      /artist: cannot encode: \(root\): expected ArtistRecord, got null/,
    );
  });
});
