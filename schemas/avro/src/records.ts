/**
 * The decoded shapes of the Avro records in ../avsc, written by hand so they read well in editors.
 * records.test.ts fails if a field here and in the newest .avsc differ.
 */

/** Where a play came from: polled from the Web API, or read from a Spotify data export. */
export type PlaySource = 'api' | 'history_import';

export interface RawPlayAccount {
  id: string;
  /** IANA zone, e.g. `Europe/Stockholm`. */
  time_zone: string;
  display_name: string | null;
  country: string | null;
}

/** Spotify's ContextObject. */
export interface RawPlayContext {
  type: string;
  uri: string;
  href: string | null;
  external_url: string | null;
}

/** Spotify's ImageObject. */
export interface RawPlayImage {
  url: string;
  height: number | null;
  width: number | null;
}

/** Spotify's SimplifiedArtistObject; ids are null for local files. */
export interface RawPlayArtist {
  id: string | null;
  uri: string | null;
  name: string;
}

/** Spotify's SimplifiedAlbumObject. */
export interface RawPlayAlbum {
  id: string | null;
  uri: string | null;
  name: string;
  album_type: string | null;
  release_date: string | null;
  release_date_precision: string | null;
  total_tracks: number | null;
  images: RawPlayImage[];
  artists: RawPlayArtist[];
}

/** Spotify's TrackObject (or an episode, `type: 'episode'`). */
export interface RawPlayTrack {
  id: string | null;
  uri: string;
  name: string;
  duration_ms: number;
  explicit: boolean;
  disc_number: number;
  track_number: number;
  is_local: boolean;
  popularity: number | null;
  isrc: string | null;
  /** `'track'` or `'episode'`. */
  type: string;
  album: RawPlayAlbum;
  /** In Spotify's order: the first is the primary artist. */
  artists: RawPlayArtist[];
}

/** What only a data export knows about a play (RawPlay v2). */
export interface RawPlayHistory {
  ms_played: number;
  reason_start: string | null;
  reason_end: string | null;
  shuffle: boolean | null;
  skipped: boolean | null;
  offline: boolean | null;
  offline_timestamp: Date | null;
  incognito_mode: boolean | null;
}

/** One play as fetched: Spotify's PlayHistoryObject plus the account (RawPlay v2). */
export interface RawPlay {
  account: RawPlayAccount;
  /** UTC; milliseconds are kept. */
  played_at: Date;
  source: PlaySource;
  fetched_at: Date;
  context: RawPlayContext | null;
  track: RawPlayTrack;
  /** Null for polled plays and for anything written as v1. */
  history: RawPlayHistory | null;
}

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
  /** In Spotify's order: the first is the primary artist. */
  artist_ids: string[];
  isrc: string | null;
}

export interface AccountRecord {
  account_id: string;
  display_name: string | null;
  country: string | null;
  /** IANA zone, e.g. `Europe/Stockholm`. */
  time_zone: string;
}

export interface PlayFact {
  account_id: string;
  played_at: Date;
  time_zone: string;
  /** yyyymmdd of `played_at` in `time_zone`. */
  local_date_key: number;
  /** hh*100+mm of `played_at` in `time_zone`. */
  local_time_key: number;
  track_id: string;
  album_id: string;
  primary_artist_id: string;
  context_type: string | null;
  context_uri: string | null;
  ms_played: number | null;
  source: PlaySource;
  reason_start: string | null;
  reason_end: string | null;
  shuffle: boolean | null;
  skipped: boolean | null;
  offline: boolean | null;
  /**
   * v2: the names a data export gives, for the inferred members of a history import's play (which
   * has no dimension records). Null for polled plays; optional when writing, always present decoded.
   */
  track_name?: string | null;
  album_name?: string | null;
  artist_name?: string | null;
}
