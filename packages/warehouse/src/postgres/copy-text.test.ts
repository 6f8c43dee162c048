import assert from 'node:assert/strict';
import test from 'node:test';
import { copyBoolean, copyNumber, copyText, copyTimestamp } from './copy-text.ts';

test('COPY text escapes backslash, tab, newline and carriage return, and nothing else', () => {
  assert.equal(copyText('a\\b\tc\nd\re'), 'a\\\\b\\tc\\nd\\re');
  assert.equal(copyText('\\N'), '\\\\N', 'a literal \\N must not read back as NULL');
  assert.equal(copyText('Björk 🎵 محمد'), 'Björk 🎵 محمد');
});

test('NULL, numbers, booleans and timestamps', () => {
  assert.equal(copyText(null), '\\N');
  assert.equal(copyNumber(null), '\\N');
  assert.equal(copyNumber(0), '0');
  assert.equal(copyBoolean(false), 'f');
  assert.equal(copyBoolean(null), '\\N');
  assert.equal(copyTimestamp(new Date('2024-03-01T10:00:00.007Z')), '2024-03-01T10:00:00.007Z');
});
