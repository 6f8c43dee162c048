import assert from 'node:assert/strict';
import test from 'node:test';
import { InvalidRecordError } from '../errors.ts';
import { artist, batchOf, play, track } from '../testing/fixtures.ts';
import { prepareBatch } from './prepare-batch.ts';
import { hasUnstorable, storableText } from './storable-text.ts';

/** Deterministic strings of arbitrary UTF-16 code units, NUL and lone surrogates included. */
function* arbitraryTexts(count: number): Generator<string> {
  let seed = 0x2545f491;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x1_0000_0000;
  };
  const pool = [0x0000, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0x0041, 0x00e9, 0x1f600, 0x0009, 0x005c, 0xfffd];
  for (let i = 0; i < count; i += 1) {
    const units: string[] = [];
    const length = Math.floor(next() * 12);
    for (let j = 0; j < length; j += 1) {
      const r = next();
      if (r < 0.5) units.push(String.fromCodePoint(pool[Math.floor(next() * pool.length)]!));
      else units.push(String.fromCharCode(Math.floor(next() * 0x10000)));
    }
    yield units.join('');
  }
}

test('storable text: well-formed, no U+0000, same length, and unchanged when it was storable', () => {
  for (const text of arbitraryTexts(5_000)) {
    const stored = storableText(text);
    assert.ok(stored.isWellFormed(), JSON.stringify(text));
    assert.ok(!stored.includes('\u0000'), JSON.stringify(text));
    assert.equal(stored.length, text.length);
    assert.equal(hasUnstorable(stored), false);
    if (!text.includes('\u0000') && text.isWellFormed()) assert.equal(stored, text);
    // Idempotent: cleaning twice is cleaning once.
    assert.equal(storableText(stored), stored);
  }
  assert.equal(storableText('before\u0000after'), 'before\uFFFDafter');
  assert.equal(storableText('a\uD800b'), 'a\uFFFDb');
  assert.equal(storableText('🎵 ok'), '🎵 ok');
});

test('a batch with U+0000 in names keeps every member and fact, the names made storable', () => {
  const prepared = prepareBatch(
    batchOf({
      artists: [artist('ar', { name: 'before\u0000after' })],
      tracks: [track('tr', 'al', ['ar'], { name: 'lone \uDC00 surrogate' })],
      plays: [play('acc', '2024-01-01T00:00:00.000Z', { date: 20240101, time: 0 }, 'tr', 'al', 'ar')],
    }),
  );
  assert.equal(prepared.artists[0]?.name, 'before\uFFFDafter');
  assert.equal(prepared.tracks[0]?.name, 'lone \uFFFD surrogate');
  assert.equal(prepared.plays.length, 1);
});

test('a key with U+0000 is refused, so the play that refers to it is refused with its member', () => {
  assert.throws(
    () => prepareBatch(batchOf({ artists: [artist('a\u0000b')] })),
    (e: unknown) => e instanceof InvalidRecordError && /U\+0000/.test(e.message),
  );
  assert.throws(
    () =>
      prepareBatch(
        batchOf({
          plays: [
            play('acc', '2024-01-01T00:00:00.000Z', { date: 20240101, time: 0 }, 't\u0000', 'al', 'ar'),
          ],
        }),
      ),
    InvalidRecordError,
  );
});
