/**
 * The records the warehouse loads, exactly as docs/contracts.md declares them. They are declared
 * here only until `@spotify-pipeline/avro` exports its decoded types; then this file re-exports
 * those, so a contract change breaks the type check instead of the load.
 */
export interface ArtistRecord {
  artist_id: string;
  name: string;
  uri: string;
}

export interface AlbumRecord {
  album_id: string;
  name: string;
  uri: string;
  album_type: string | null;
  release_date: string | null;
  release_date_precision: string | null;
  release_year: number | null;
  total_tracks: number | null;
  image_url: string | null;
  primary_artist_id: string | null;
}

export interface TrackRecord {
  track_id: string;
  name: string;
  uri: string;
  duration_ms: number;
  explicit: boolean;
  disc_number: number;
  track_number: number;
  album_id: string;
  /** In Spotify's order; the first is the primary artist. */
  artist_ids: string[];
  isrc: string | null;
}

export interface AccountRecord {
  account_id: string;
  display_name: string | null;
  country: string | null;
  /** IANA zone, e.g. Europe/Berlin. */
  time_zone: string;
}

export interface PlayFact {
  account_id: string;
  /** UTC, millisecond precision. */
  played_at: Date;
  time_zone: string;
  /** yyyymmdd of the play in the account's own zone. */
  local_date_key: number;
  /** hh*100+mm of the play in the account's own zone. */
  local_time_key: number;
  track_id: string;
  album_id: string;
  primary_artist_id: string;
  context_type: string | null;
  context_uri: string | null;
  ms_played: number | null;
  source: 'api' | 'history_import';
  reason_start: string | null;
  reason_end: string | null;
  shuffle: boolean | null;
  skipped: boolean | null;
  offline: boolean | null;
}
