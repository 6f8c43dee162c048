import { createHash } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Prefix of the placeholder artist key of a history import's play (docs/contracts.md). */
export const EXPORT_ARTIST_PREFIX = 'export-artist:';
/** Prefix of the placeholder album key of a history import's play (docs/contracts.md). */
export const EXPORT_ALBUM_PREFIX = 'export-album:';

/**
 * Names compared the way a person would: same characters however composed, any case, any spacing.
 * The importer normalises the same way for its `unresolved:` track ids.
 */
export function normaliseName(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** 22 base62 characters of the SHA-256 of the normalised parts: as long as a Spotify id. */
function nameHash(parts: readonly string[]): string {
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
