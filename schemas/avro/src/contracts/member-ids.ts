import { createHash } from 'node:crypto';

/**
 * Keys of warehouse members that are not Spotify ids, agreed between the importer, the normalizer,
 * the enrichment and the warehouse (whose SQL matches them by prefix: see `memberIdPattern`).
 * The same names give the same key in every import, so plays group together until Spotify's id is
 * known, and re-imports land on the same members.
 */

/** A track known only by its artist and track names (account-data exports carry no track id). */
export const UNRESOLVED_TRACK_PREFIX = 'unresolved:';
/** The placeholder artist of a play whose artist id is not known yet (export plays). */
export const EXPORT_ARTIST_PREFIX = 'export-artist:';
/** The placeholder album of a play whose album id is not known yet (export plays). */
export const EXPORT_ALBUM_PREFIX = 'export-album:';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Names compared the way a person would: same characters however composed, any case, any spacing. */
export function normaliseName(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Ids of names seen recently: a history repeats its artists and albums thousands of times. */
const recentIds = new Map<string, string>();
/** Bounds the memo; when full it starts again (the ids are recomputed, never wrong). */
const MAX_RECENT_IDS = 20_000;

/**
 * 22 base62 characters of the SHA-256 of the normalised parts: as long as a Spotify id. Memoised
 * by the parts as given: the normaliser, hash and base62 conversion were a large share of the
 * normalizer's CPU per imported play (two placeholder ids each).
 */
function nameHash(parts: readonly string[]): string {
  const memoKey = parts.join('\u001f');
  const known = recentIds.get(memoKey);
  if (known !== undefined) return known;
  const id = computeNameHash(parts);
  if (recentIds.size >= MAX_RECENT_IDS) recentIds.clear();
  recentIds.set(memoKey, id);
  return id;
}

function computeNameHash(parts: readonly string[]): string {
  const digest = createHash('sha256').update(parts.map(normaliseName).join('\u001f'), 'utf8').digest();
  let n = BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
  let out = '';
  for (let i = 0; i < 22; i++) {
    out = BASE62[Number(n % 62n)]! + out;
    n /= 62n;
  }
  return out;
}

/**
 * A stable id for a track known only by its names: `unresolved:` and 22 base62 characters of the
 * SHA-256 of the normalised artist and track names.
 */
export function syntheticTrackId(artistName: string, trackName: string): string {
  return `${UNRESOLVED_TRACK_PREFIX}${nameHash([artistName, trackName])}`;
}

export function isSyntheticTrackId(id: string): boolean {
  return id.startsWith(UNRESOLVED_TRACK_PREFIX);
}

/**
 * The key an export's artist stands under until Spotify's id is known. Derived from the name
 * alone, so every play of one artist in every import shares one member (top-artist views work on
 * imported history), and a different spelling is a different member.
 */
export function exportArtistId(artistName: string | null): string {
  return `${EXPORT_ARTIST_PREFIX}${nameHash([artistName ?? ''])}`;
}

/** The key an export's album stands under: its artist's and its own name (albums share titles). */
export function exportAlbumId(artistName: string | null, albumName: string | null): string {
  return `${EXPORT_ALBUM_PREFIX}${nameHash([artistName ?? '', albumName ?? ''])}`;
}

/** A SQL LIKE pattern matching every key with `prefix` (the prefixes hold no LIKE wildcards). */
export function memberIdPattern(prefix: string): string {
  return `${prefix}%`;
}
