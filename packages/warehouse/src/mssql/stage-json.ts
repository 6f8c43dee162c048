import type { PreparedBatch } from '../batch/prepare-batch.ts';

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
      ]),
    ),
    bridge: json(batch.bridge.map((r) => [r.track_id, r.artist_position, r.artist_id])),
    trackIds: json(batch.tracks.map((t) => t.track_id)),
    inferredArtists: json(batch.referenced.artistIds),
    inferredAlbums: json(batch.referenced.albumIds),
    inferredTracks: json(batch.referenced.trackIds),
    inferredAccounts: json(batch.referenced.accountIds),
  };
}
