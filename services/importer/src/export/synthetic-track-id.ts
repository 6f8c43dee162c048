import { createHash } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const UNRESOLVED_PREFIX = 'unresolved:';

/** Names compared the way a person would: same characters however composed, any case, any spacing. */
export function normaliseName(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/**
 * A stable id for a track known only by its names (account-data exports carry no track id):
 * `unresolved:` and 22 base62 characters of the SHA-256 of the normalised artist and track names.
 * The same song gets the same id in every import, so its plays group together until part 2 of the
 * import matches it to a real track.
 */
export function syntheticTrackId(artistName: string, trackName: string): string {
  const digest = createHash('sha256')
    .update(`${normaliseName(artistName)}\u001f${normaliseName(trackName)}`, 'utf8')
    .digest();
  let n = BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
  let out = '';
  for (let i = 0; i < 22; i++) {
    out = BASE62[Number(n % 62n)]! + out;
    n /= 62n;
  }
  return `${UNRESOLVED_PREFIX}${out}`;
}

export function isSyntheticTrackId(id: string): boolean {
  return id.startsWith(UNRESOLVED_PREFIX);
}
