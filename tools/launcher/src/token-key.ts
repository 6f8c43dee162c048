import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The key that encrypts refresh tokens at rest must stay the same across restarts, or every linked
 * account would have to be linked again. A local run without TOKEN_ENCRYPTION_KEY gets one made
 * once and kept readable only by its owner; a deployment sets the variable instead.
 */
export function localTokenKey(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString('base64');
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  return key;
}
