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
  if (isBlank(account.id))
    return reject('missing-field', `account.id is missing or empty (track ${track.id})`);
  if (!isKnownTimeZone(account.time_zone)) {
    return reject(
      'invalid-time-zone',
      `account.time_zone ${JSON.stringify(account.time_zone)} of account ${account.id} is not a known time zone`,
    );
  }
  // Dead letters are for what the warehouse cannot hold, not for what enrichment can look up.
  if (lacksDimensionIds(raw) || lacksTrackDetails(raw)) return normalizeInferredPlay(raw, track.id);

  // lacksDimensionIds and lacksTrackDetails have checked every id and name below is a non-empty string.
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
      account: accountRecord(raw),
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

/**
 * A play without album or artist ids: an export's (the importer's `needs-enrichment` and
 * `unresolved`), or a polled item of an older or partial shape (no `album` key, null artists).
 */
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
 * A play whose ids are all there but whose track the poller saw without its name, its album's or
 * an artist's name, or a duration (the poller keeps those as '' and 0, the contract having no null
 * for them): no dimension record can be made of it that would not overwrite a real one with blanks.
 */
function lacksTrackDetails(raw: RawPlay): boolean {
  const { track } = raw;
  return (
    isBlank(track.name) ||
    track.duration_ms <= 0 ||
    isBlank(track.album.name) ||
    track.artists.some((a) => isBlank(a.name)) ||
    track.album.artists.some((a) => isBlank(a.name))
  );
}

/**
 * A play that carries a track id but not all its track, album and artist details: the fact alone,
 * keyed to placeholder album and artist members named by what the play has (see
 * export-placeholders.ts). No dimension records: the warehouse inserts inferred members with the
 * fact's names, which never overwrite a real member; a real record (a later poll of the track, or
 * the enrichment that looks inferred tracks up) replaces an inferred one, and `enrichment run`
 * moves the fact to the real keys. One mechanism for imported and polled plays.
 */
function normalizeInferredPlay(raw: RawPlay, trackId: string): NormalizeResult {
  const { track } = raw;
  const artistName = blankToNull(
    [...track.album.artists, ...track.artists].find((a) => !isBlank(a.name))?.name ?? null,
  );
  const albumName = blankToNull(track.album.name);
  return {
    ok: true,
    value: {
      artists: [],
      albums: [],
      track: null,
      account: accountRecord(raw),
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

/**
 * Null for every history import: an export knows no display name or country, and a record with
 * nulls would overwrite the poller's values.
 */
function accountRecord(raw: RawPlay): AccountRecord | null {
  const { account } = raw;
  return raw.source === 'history_import'
    ? null
    : {
        account_id: account.id,
        display_name: account.display_name,
        country: account.country,
        time_zone: account.time_zone,
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
    context_uri: blankToNull(raw.context?.uri ?? null),
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
