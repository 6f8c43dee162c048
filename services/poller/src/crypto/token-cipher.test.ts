import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { TokenCipher } from './token-cipher.ts';
import { TokenDecryptionError } from './token-cipher-error.ts';

const secret = 'AQD-refresh-token-that-must-never-leak-1234567890';

describe('TokenCipher', () => {
  it('opens what it sealed, with a fresh IV each time', () => {
    const cipher = new TokenCipher(randomBytes(32));
    const a = cipher.seal(secret);
    const b = cipher.seal(secret);
    assert.notEqual(a, b);
    assert.ok(a.startsWith('v1.'));
    assert.ok(!a.includes(secret));
    assert.equal(cipher.open(a), secret);
    assert.equal(cipher.open(b), secret);
  });

  it('rejects a wrong key with a typed error that names no secret', () => {
    const sealed = new TokenCipher(randomBytes(32)).seal(secret);
    const other = new TokenCipher(randomBytes(32));
    assert.throws(
      () => other.open(sealed),
      (error: unknown) => {
        assert.ok(error instanceof TokenDecryptionError);
        assert.equal(error.retriable, false);
        assert.ok(!error.message.includes(secret));
        assert.ok(!error.message.includes(sealed));
        return true;
      },
    );
  });

  it('rejects a tampered ciphertext and malformed envelopes', () => {
    const cipher = new TokenCipher(randomBytes(32));
    const sealed = cipher.seal(secret);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString('base64url');
    assert.throws(() => cipher.open(parts.join('.')), TokenDecryptionError);
    assert.throws(() => cipher.open('v2.a.b.c'), TokenDecryptionError);
    assert.throws(() => cipher.open('garbage'), TokenDecryptionError);
  });

  it('refuses a key of the wrong length', () => {
    assert.throws(() => new TokenCipher(randomBytes(16)), /32-byte key/);
  });
});
