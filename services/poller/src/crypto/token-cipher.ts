import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TokenDecryptionError } from './token-cipher-error.ts';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals secrets (refresh tokens) with AES-256-GCM before they go to Kafka, where they live for as
 * long as the account is linked. Envelope: `v1.<iv>.<tag>.<ciphertext>` in base64url; the version
 * lets a later key rotation or algorithm change read old envelopes. GCM's tag is verified on open,
 * so a wrong key or a tampered envelope is an error, never garbage.
 */
export class TokenCipher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length !== 32) {
      throw new TypeError('TokenCipher needs a 32-byte key');
    }
    this.#key = Buffer.from(key);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join(
      '.',
    );
  }

  open(envelope: string): string {
    const parts = typeof envelope === 'string' ? envelope.split('.') : [];
    if (parts.length !== 4) throw new TokenDecryptionError('sealed token is not an envelope of four parts');
    const [version, ivText, tagText, bodyText] = parts as [string, string, string, string];
    if (version !== VERSION)
      throw new TokenDecryptionError(`sealed token has unknown version "${version.slice(0, 8)}"`);
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new TokenDecryptionError('sealed token has a malformed IV or tag');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch (error) {
      // The cause names no secret (it is OpenSSL's "unable to authenticate data").
      throw new TokenDecryptionError('sealed token failed authentication: wrong key or altered ciphertext', {
        cause: error,
      });
    }
  }
}
