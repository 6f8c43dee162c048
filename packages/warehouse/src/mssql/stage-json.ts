import { isSyntheticTrackId } from '@spotify-pipeline/avro';
import type { PreparedBatch } from '../batch/prepare-batch.ts';
import type { PreparedPlay } from '../listen-matching/match-listens.ts';

/** One JSON document per statement parameter; undefined where the batch has nothing for it. */
export interface StagedJson {
  artists?: string;
  albums?: string;
  tracks?: string;
  accounts?: string;
  plays?: string;
  bridge?: string;
  /** Ids of the described tracks: the bridge MERGE replaces exactly their artist lists. */
  trackIds?: string;
  inferredArtists?: string;
  inferredAlbums?: string;
  inferredTracks?: string;
  inferredAccounts?: string;
}

const json = (rows: readonly unknown[]) => (rows.length === 0 ? undefined : JSON.stringify(rows));

/** DATETIME2(3) reads ISO 8601 without a zone designator; the value is UTC by contract. */
const utc = (d: Date) => d.toISOString().slice(0, 23);

/** Rows as arrays in the column order of mssql/statements.ts (OPENJSON reads '$[i]'). */
export function stageJson(batch: PreparedBatch): StagedJson {
  return {
    artists: json(batch.artists.map((r) => [r.artist_id, r.name, r.uri])),
    albums: json(
      batch.albums.map((r) => [
        r.album_id,
        r.name,
        r.uri,
        r.album_type,
        r.release_date,
        r.release_date_precision,
        r.release_year,
        r.total_tracks,
        r.image_url,
        r.primary_artist_id,
      ]),
    ),
    tracks: json(
      batch.tracks.map((r) => [
        r.track_id,
        r.name,
        r.uri,
        r.duration_ms,
        r.explicit,
        r.disc_number,
        r.track_number,
        r.album_id,
        r.isrc,
      ]),
    ),
    accounts: json(batch.accounts.map((r) => [r.account_id, r.display_name, r.country, r.time_zone])),
    plays: json(
      batch.plays.map((r) => [
        r.account_id,
        utc(r.played_at),
        r.local_date_key,
        r.local_time_key,
        r.track_id,
        r.album_id,
        r.primary_artist_id,
        r.context_type,
        r.context_uri,
        r.ms_played,
        r.source,
        r.reason_start,
        r.reason_end,
        r.shuffle,
        r.skipped,
        r.offline,
        r.history_played_at === null ? null : utc(r.history_played_at),
      ]),
    ),
    bridge: json(batch.bridge.map((r) => [r.track_id, r.artist_position, r.artist_id])),
    trackIds: json(batch.tracks.map((t) => t.track_id)),
    ...inferredRows(batch),
  };
}

/**
 * The inferred candidates of each dimension's MERGE (@inferred: [key, ...INFERRED_COLUMNS]): every
 * key the batch references without describing it, with the export's names where an imported play
 * carries them. A key that exists already is harmless (an inferred candidate only inserts).
 */
function inferredRows(
  batch: PreparedBatch,
): Pick<StagedJson, 'inferredArtists' | 'inferredAlbums' | 'inferredTracks' | 'inferredAccounts'> {
  const artists = new Map<string, unknown[]>(batch.referenced.artistIds.map((k) => [k, [k, null]]));
  const albums = new Map<string, unknown[]>(batch.referenced.albumIds.map((k) => [k, [k, null, null]]));
  const tracks = new Map<string, unknown[]>(
    batch.referenced.trackIds.map((k) => [k, [k, null, null, isSyntheticTrackId(k)]]),
  );
  const described = {
    artists: new Set(batch.artists.map((a) => a.artist_id)),
    albums: new Set(batch.albums.map((a) => a.album_id)),
    tracks: new Set(batch.tracks.map((t) => t.track_id)),
  };
  for (const p of batch.plays as readonly PreparedPlay[]) {
    if (p.artist_name && !described.artists.has(p.primary_artist_id)) {
      artists.set(p.primary_artist_id, [p.primary_artist_id, p.artist_name]);
    }
    if (p.album_name && !described.albums.has(p.album_id)) {
      albums.set(p.album_id, [p.album_id, p.album_name, p.primary_artist_id]);
    }
    if (!described.tracks.has(p.track_id)) {
      tracks.set(p.track_id, [
        p.track_id,
        p.track_name ?? null,
        p.track_name ? p.album_id : null,
        isSyntheticTrackId(p.track_id),
      ]);
    }
    if (!described.artists.has(p.primary_artist_id) && !artists.has(p.primary_artist_id)) {
      artists.set(p.primary_artist_id, [p.primary_artist_id, null]);
    }
    if (!described.albums.has(p.album_id) && !albums.has(p.album_id))
      albums.set(p.album_id, [p.album_id, null, null]);
  }
  const sorted = (m: Map<string, unknown[]>) =>
    json([...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]));
  return {
    inferredArtists: sorted(artists),
    inferredAlbums: sorted(albums),
    inferredTracks: sorted(tracks),
    inferredAccounts: json(batch.referenced.accountIds.map((k) => [k])),
  };
}
