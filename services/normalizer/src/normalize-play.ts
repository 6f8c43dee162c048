import type {
  AccountRecord,
  AlbumRecord,
  ArtistRecord,
  PlayFact,
  RawPlay,
  RawPlayArtist,
  RawPlayImage,
  TrackRecord,
} from '@spotify-pipeline/avro';
import { exportAlbumId, exportArtistId } from './export-placeholders.ts';
import { isKnownTimeZone, localTimeKeys } from './local-time.ts';
import { type Rejection, reject } from './rejection.ts';
import { releaseYear } from './release-year.ts';

/** What one raw play becomes: the dimension members it mentions and its fact. */
export interface NormalizedPlay {
  /** Track artists in Spotify's order, then album artists not already among them; each id once. */
  readonly artists: ArtistRecord[];
  readonly albums: AlbumRecord[];
  /** Null for an export play without album or artist ids: the warehouse infers it from the fact. */
  readonly track: TrackRecord | null;
  /**
   * Null for every history import: an export knows no display name or country, and a record with
   * nulls would overwrite the poller's values.
   */
  readonly account: AccountRecord | null;
  readonly play: PlayFact;
}

export type NormalizeResult = { readonly ok: true; readonly value: NormalizedPlay } | Rejection;

/**
 * Splits a decoded raw play into star-schema records. Never throws for bad data: a play the
 * warehouse cannot hold (an episode, a local file, a missing key, an unknown zone) is a Rejection
 * saying why, which the service dead-letters.
 */
export function normalizePlay(raw: RawPlay): NormalizeResult {
  const { track, account } = raw;
  const { album } = track;
  if (track.type === 'episode') {
    return reject('episode', `${track.uri} is a podcast episode; only music tracks are kept`);
  }
  if (track.is_local || track.id === null) {
    return reject(
      'local-track',
      `${track.uri} is a local file (${track.is_local ? 'is_local' : 'no track id'})`,
    );
  }
  if (raw.source === 'history_import' && lacksDimensionIds(raw)) return normalizeExportPlay(raw, track.id);
  const missing = missingField(raw);
  if (missing !== null) return reject('missing-field', `${missing} is missing or empty (track ${track.id})`);
  if (!isKnownTimeZone(account.time_zone)) {
    return reject(
      'invalid-time-zone',
      `account.time_zone ${JSON.stringify(account.time_zone)} of account ${account.id} is not a known time zone`,
    );
  }

  // missingField has checked every id below is a non-empty string.
  const trackArtists = track.artists.map(toArtistRecord);
  const albumArtists = album.artists.map(toArtistRecord);
  const albumId = album.id as string;

  return {
    ok: true,
    value: {
      artists: uniqueById([...trackArtists, ...albumArtists]),
      albums: [
        {
          album_id: albumId,
          name: album.name,
          uri: album.uri ?? `spotify:album:${albumId}`,
          album_type: album.album_type,
          release_date: album.release_date,
          release_date_precision: album.release_date_precision,
          release_year: releaseYear(album.release_date),
          total_tracks: album.total_tracks,
          image_url: largestImage(album.images)?.url ?? null,
          primary_artist_id: albumArtists[0]?.artist_id ?? null,
        },
      ],
      track: {
        track_id: track.id,
        name: track.name,
        uri: track.uri,
        duration_ms: track.duration_ms,
        explicit: track.explicit,
        disc_number: track.disc_number,
        track_number: track.track_number,
        album_id: albumId,
        artist_ids: trackArtists.map((a) => a.artist_id),
        isrc: track.isrc,
      },
      account:
        raw.source === 'history_import'
          ? null
          : {
              account_id: account.id,
              display_name: account.display_name,
              country: account.country,
              time_zone: account.time_zone,
            },
      play: {
        ...playFields(raw),
        track_id: track.id,
        album_id: albumId,
        primary_artist_id: (trackArtists[0] as ArtistRecord).artist_id,
        track_name: null,
        album_name: null,
        artist_name: null,
      },
    },
  };
}

/** An export names the album and its artist but gives no ids for them (the importer's `needs-enrichment` and `unresolved`). */
function lacksDimensionIds(raw: RawPlay): boolean {
  const { track } = raw;
  return (
    isBlank(track.album.id) ||
    track.artists.length === 0 ||
    track.artists.some((a) => isBlank(a.id)) ||
    track.album.artists.some((a) => isBlank(a.id))
  );
}

/**
 * A history import's play that carries only a track id and names: the fact alone, keyed to
 * placeholder album and artist members named by the export (see export-placeholders.ts). No
 * dimension records: the warehouse inserts inferred members with the fact's names, which never
 * overwrite a real member, and a real record later replaces an inferred one.
 */
function normalizeExportPlay(raw: RawPlay, trackId: string): NormalizeResult {
  const { track, account } = raw;
  if (isBlank(account.id))
    return reject('missing-field', `account.id is missing or empty (track ${trackId})`);
  if (!isKnownTimeZone(account.time_zone)) {
    return reject(
      'invalid-time-zone',
      `account.time_zone ${JSON.stringify(account.time_zone)} of account ${account.id} is not a known time zone`,
    );
  }
  const artistName = blankToNull(track.album.artists[0]?.name ?? track.artists[0]?.name ?? null);
  const albumName = blankToNull(track.album.name);
  return {
    ok: true,
    value: {
      artists: [],
      albums: [],
      track: null,
      account: null,
      play: {
        ...playFields(raw),
        track_id: trackId,
        album_id: exportAlbumId(artistName, albumName),
        primary_artist_id: exportArtistId(artistName),
        track_name: blankToNull(track.name),
        album_name: albumName,
        artist_name: artistName,
      },
    },
  };
}

type PlayFields = Omit<
  PlayFact,
  'track_id' | 'album_id' | 'primary_artist_id' | 'track_name' | 'album_name' | 'artist_name'
>;

/**
 * The fact's fields that come from the play itself, alike for a play with ids and an export's
 * name-only play: account, time (UTC and local), context, source and the export's listening fields.
 */
function playFields(raw: RawPlay): PlayFields {
  const { account, history } = raw;
  const { dateKey, timeKey } = localTimeKeys(raw.played_at, account.time_zone);
  return {
    account_id: account.id,
    played_at: raw.played_at,
    time_zone: account.time_zone,
    local_date_key: dateKey,
    local_time_key: timeKey,
    context_type: raw.context?.type ?? null,
    context_uri: raw.context?.uri ?? null,
    ms_played: history?.ms_played ?? null,
    source: raw.source,
    reason_start: history?.reason_start ?? null,
    reason_end: history?.reason_end ?? null,
    shuffle: history?.shuffle ?? null,
    skipped: history?.skipped ?? null,
    offline: history?.offline ?? null,
  };
}

function blankToNull(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value;
}

/** The path of the first field a record needs but the play lacks, or null. */
function missingField(raw: RawPlay): string | null {
  const { track, account } = raw;
  if (isBlank(account.id)) return 'account.id';
  if (isBlank(track.name)) return 'track.name';
  if (isBlank(track.album.id)) return 'track.album.id';
  if (isBlank(track.album.name)) return 'track.album.name';
  // The fact's primary artist is the first track artist; a track without one has no key for it.
  if (track.artists.length === 0) return 'track.artists';
  return (
    artistProblem(track.artists, 'track.artists') ?? artistProblem(track.album.artists, 'track.album.artists')
  );
}

function artistProblem(artists: readonly RawPlayArtist[], path: string): string | null {
  for (const [index, artist] of artists.entries()) {
    if (isBlank(artist.id)) return `${path}[${index}].id`;
    if (isBlank(artist.name)) return `${path}[${index}].name`;
  }
  return null;
}

function isBlank(value: string | null): boolean {
  return value === null || value.trim() === '';
}

function toArtistRecord(artist: RawPlayArtist): ArtistRecord {
  const id = artist.id as string;
  return { artist_id: id, name: artist.name, uri: artist.uri ?? `spotify:artist:${id}` };
}

function uniqueById(artists: readonly ArtistRecord[]): ArtistRecord[] {
  const seen = new Set<string>();
  return artists.filter((a) => !seen.has(a.artist_id) && seen.add(a.artist_id));
}

/** The image with the most pixels; the first of equals. An image without a size counts as 0×0. */
export function largestImage(images: readonly RawPlayImage[]): RawPlayImage | null {
  let best: RawPlayImage | null = null;
  let bestArea = -1;
  for (const image of images) {
    const area = (image.width ?? 0) * (image.height ?? 0);
    if (area > bestArea) {
      best = image;
      bestArea = area;
    }
  }
  return best;
}
