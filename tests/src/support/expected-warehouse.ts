import type { RawPlay } from '@spotify-pipeline/avro';

/** One fact's identity and its track: `account|played_at epoch ms|track`. */
export type FactKey = string;

export function factKey(accountId: string, playedAtMs: number | string, trackId: string): FactKey {
  return `${accountId}|${playedAtMs}|${trackId}`;
}

/**
 * What the warehouse must hold after loading `plays` (all valid music plays), worked out from the
 * raw plays directly and not through the normalizer's code, so a mapping bug cannot hide itself.
 * Dimension values are the source's; maps are keyed by Spotify id. Plays must carry album and
 * artist ids (no name-only export plays), every account needs a polled play (its only source of a
 * complete member), and no two plays of one account and track may be close enough to merge.
 */
export interface ExpectedWarehouse {
  readonly facts: ReadonlySet<FactKey>;
  readonly artists: ReadonlyMap<string, { name: string }>;
  readonly albums: ReadonlyMap<string, { name: string; primary_artist_id: string | null }>;
  readonly tracks: ReadonlyMap<string, { name: string; album_id: string; artist_ids: string[] }>;
  readonly accounts: ReadonlyMap<string, { display_name: string | null; time_zone: string }>;
}

export function expectedWarehouse(plays: readonly RawPlay[]): ExpectedWarehouse {
  const facts = new Set<FactKey>();
  const artists = new Map<string, { name: string }>();
  const albums = new Map<string, { name: string; primary_artist_id: string | null }>();
  const tracks = new Map<string, { name: string; album_id: string; artist_ids: string[] }>();
  const accounts = new Map<string, { display_name: string | null; time_zone: string }>();
  const importedOnly = new Set<string>();
  for (const play of plays) {
    const { track, account } = play;
    const trackId = required(track.id, 'track.id', play);
    const albumId = required(track.album.id, 'track.album.id', play);
    facts.add(factKey(account.id, play.played_at.getTime(), trackId));
    for (const a of [...track.artists, ...track.album.artists]) {
      artists.set(required(a.id, 'artist id', play), { name: a.name });
    }
    albums.set(albumId, { name: track.album.name, primary_artist_id: track.album.artists[0]?.id ?? null });
    tracks.set(trackId, {
      name: track.name,
      album_id: albumId,
      artist_ids: track.artists.map((a) => required(a.id, 'artist id', play)),
    });
    // Only polled plays describe an account (an export knows no name or country).
    if (play.source === 'api') {
      accounts.set(account.id, { display_name: account.display_name, time_zone: account.time_zone });
    } else {
      importedOnly.add(account.id);
    }
  }
  const unpolled = [...importedOnly].filter((id) => !accounts.has(id));
  if (unpolled.length > 0)
    throw new RangeError(
      `expectedWarehouse: accounts with imported plays only (no complete member): ${unpolled.join(', ')}`,
    );
  if (facts.size !== plays.length)
    throw new RangeError(
      `expectedWarehouse: ${plays.length - facts.size} plays share an (account, played_at, track)`,
    );
  return { facts, artists, albums, tracks, accounts };
}

function required(value: string | null, what: string, play: RawPlay): string {
  if (value === null)
    throw new TypeError(`expectedWarehouse: ${what} is null in a play of ${play.account.id}`);
  return value;
}
