import { createHash, randomBytes } from 'node:crypto';

/** RFC 7636: a 43..128-char verifier and its S256 challenge; `state` binds the callback to the request. */
export function createPkce(): { verifier: string; challenge: string; state: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: s256(verifier), state: randomBytes(24).toString('base64url') };
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
