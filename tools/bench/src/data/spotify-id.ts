const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A 32-bit integer hash (lowbias32): cheap, deterministic, well spread; the bench's only randomness. */
export function hash32(n: number): number {
  let x = n >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A uniform number in [0, 1) derived from `n` alone. */
export function unit(n: number): number {
  return hash32(n) / 0x1_0000_0000;
}

/**
 * A 22-character base62 id like Spotify's, the same for the same (kind, index): rows as wide as
 * real ones, so the bench moves realistic bytes.
 */
export function spotifyId(kind: number, index: number): string {
  let out = '';
  let state = hash32(kind * 0x01000193 + index);
  for (let i = 0; i < 22; i += 1) {
    state = hash32(state + i + index);
    out += BASE62[state % 62];
  }
  return out;
}
