import type { RawPlay, RawPlayAccount, RawPlayArtist, RawPlayHistory } from '@spotify-pipeline/avro';
import type { ExportFileKind, ExportFormat } from './export/classify-file.ts';
import { normaliseOfflineTimestamp } from './export/offline-timestamp.ts';
import { syntheticTrackId } from './export/synthetic-track-id.ts';

/** Why an exported play is not published. */
export type SkipReason =
  | 'podcast-episode'
  | 'audiobook'
  | 'video'
  | 'under-minimum-play-time'
  | 'incognito'
  | 'duplicate-row'
  | 'malformed';

export const SKIP_REASONS: readonly SkipReason[] = [
  'podcast-episode',
  'audiobook',
  'video',
  'under-minimum-play-time',
  'incognito',
  'duplicate-row',
  'malformed',
];

/**
 * How much of the track a published play names:
 * - `needs-enrichment`: the real track id, names from the export; album and artist ids unknown.
 * - `unresolved`: names only, under a synthetic `unresolved:` track id (account-data exports).
 * - `local`: a local file, which has no Spotify id at all (the normalizer dead-letters those).
 */
export type Resolution = 'needs-enrichment' | 'unresolved' | 'local';

export interface MapOptions {
  readonly account: RawPlayAccount;
  /** When this import read the export; every play of one run gets the same. */
  readonly fetchedAt: Date;
  /** Plays heard for less are skipped, as Spotify itself does not count them as streams. */
  readonly minPlayMs: number;
  readonly skipIncognito: boolean;
}

export type MappedEntry =
  | { readonly ok: true; readonly play: RawPlay; readonly resolution: Resolution }
  | { readonly ok: false; readonly reason: SkipReason; readonly detail: string };

type Entry = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const skip = (reason: SkipReason, detail: string): MappedEntry => ({ ok: false, reason, detail });

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const ACCOUNT_DATA_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/;
const TRACK_URI = /^spotify:track:([0-9A-Za-z]{22})$/;

/** One entry of an export file as a RawPlay v2, or why it is skipped. Never throws for bad data. */
export function mapExportPlay(
  entry: unknown,
  format: ExportFormat,
  kind: ExportFileKind,
  options: MapOptions,
): MappedEntry {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    return skip(
      'malformed',
      `not an object (${entry === null ? 'null' : Array.isArray(entry) ? 'array' : typeof entry})`,
    );
  }
  return format === 'extended'
    ? mapExtended(entry as Entry, kind, options)
    : mapAccountData(entry as Entry, kind, options);
}

function playedMs(entry: Entry, field: string): number | string {
  const ms = entry[field];
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0) return `${field} is not a whole number >= 0`;
  return ms;
}

function mapExtended(entry: Entry, kind: ExportFileKind, options: MapOptions): MappedEntry {
  const ts = entry.ts;
  if (typeof ts !== 'string') return skip('malformed', 'missing ts');
  const playedAt = ISO_UTC.test(ts) ? new Date(ts) : null;
  if (playedAt === null || Number.isNaN(playedAt.getTime()))
    return skip('malformed', `unparsable ts ${JSON.stringify(ts)}`);
  const msPlayed = playedMs(entry, 'ms_played');
  if (typeof msPlayed === 'string') return skip('malformed', msPlayed);

  if (kind.content === 'video') return skip('video', 'video play');
  if (str(entry.spotify_episode_uri) || str(entry.episode_name) || str(entry.episode_show_name)) {
    return skip('podcast-episode', 'podcast episode');
  }
  if (str(entry.audiobook_uri) || str(entry.audiobook_chapter_uri) || str(entry.audiobook_title)) {
    return skip('audiobook', 'audiobook chapter');
  }
  if (kind.content === 'podcast') return skip('podcast-episode', 'podcast file');
  if (options.skipIncognito && entry.incognito_mode === true) return skip('incognito', 'incognito play');
  if (msPlayed < options.minPlayMs) return skip('under-minimum-play-time', `${msPlayed} ms played`);

  const trackName = str(entry.master_metadata_track_name);
  const artistName = str(entry.master_metadata_album_artist_name);
  const albumName = str(entry.master_metadata_album_album_name);
  const uri = str(entry.spotify_track_uri);
  const history: RawPlayHistory = {
    ms_played: msPlayed,
    reason_start: str(entry.reason_start),
    reason_end: str(entry.reason_end),
    shuffle: bool(entry.shuffle),
    skipped: bool(entry.skipped),
    offline: bool(entry.offline),
    offline_timestamp: normaliseOfflineTimestamp(entry.offline_timestamp),
    incognito_mode: bool(entry.incognito_mode),
  };
  const trackId = uri === null ? null : TRACK_URI.exec(uri)?.[1];
  if (uri !== null && trackId) {
    return {
      ok: true,
      resolution: 'needs-enrichment',
      play: rawPlay(options, playedAt, history, {
        id: trackId,
        uri,
        name: trackName ?? '',
        albumName: albumName ?? '',
        artistName,
        isLocal: false,
      }),
    };
  }
  // Local files: Spotify writes a null uri (or a spotify:local: one) and the names from the file tags.
  if ((uri === null || uri.startsWith('spotify:local:')) && trackName !== null) {
    return {
      ok: true,
      resolution: 'local',
      play: rawPlay(options, playedAt, history, {
        id: null,
        uri: uri ?? localUri(artistName, albumName, trackName),
        name: trackName,
        albumName: albumName ?? '',
        artistName,
        isLocal: true,
      }),
    };
  }
  return skip(
    'malformed',
    uri === null ? 'no track uri and no track name' : `unrecognised track uri ${JSON.stringify(uri)}`,
  );
}

function mapAccountData(entry: Entry, kind: ExportFileKind, options: MapOptions): MappedEntry {
  const endTime = entry.endTime;
  if (typeof endTime !== 'string') return skip('malformed', 'missing endTime');
  const match = ACCOUNT_DATA_TIME.exec(endTime);
  const playedAt = match ? new Date(`${match[1]}T${match[2]}:00Z`) : null;
  if (playedAt === null || Number.isNaN(playedAt.getTime())) {
    return skip('malformed', `unparsable endTime ${JSON.stringify(endTime)}`);
  }
  const msPlayed = playedMs(entry, 'msPlayed');
  if (typeof msPlayed === 'string') return skip('malformed', msPlayed);
  if (kind.content === 'video') return skip('video', 'video play');
  // StreamingHistory_podcast_N.json names the show and episode (podcastName, episodeName).
  if (kind.content === 'podcast' || str(entry.podcastName) !== null || str(entry.episodeName) !== null) {
    return skip('podcast-episode', 'podcast episode');
  }
  const trackName = str(entry.trackName);
  const artistName = str(entry.artistName);
  if (trackName === null || artistName === null) return skip('malformed', 'missing trackName or artistName');
  if (msPlayed < options.minPlayMs) return skip('under-minimum-play-time', `${msPlayed} ms played`);

  const id = syntheticTrackId(artistName, trackName);
  return {
    ok: true,
    resolution: 'unresolved',
    play: rawPlay(
      options,
      playedAt,
      {
        ms_played: msPlayed,
        reason_start: null,
        reason_end: null,
        shuffle: null,
        skipped: null,
        offline: null,
        offline_timestamp: null,
        incognito_mode: null,
      },
      { id, uri: `spotify-pipeline:${id}`, name: trackName, albumName: '', artistName, isLocal: false },
    ),
  };
}

interface TrackNames {
  readonly id: string | null;
  readonly uri: string;
  readonly name: string;
  readonly albumName: string;
  readonly artistName: string | null;
  readonly isLocal: boolean;
}

function rawPlay(options: MapOptions, playedAt: Date, history: RawPlayHistory, t: TrackNames): RawPlay {
  // The export names only the album's artist; it stands in for the track's artists until enrichment.
  const artists: RawPlayArtist[] = t.artistName === null ? [] : [{ id: null, uri: null, name: t.artistName }];
  return {
    account: options.account,
    played_at: playedAt,
    source: 'history_import',
    fetched_at: options.fetchedAt,
    context: null,
    track: {
      id: t.id,
      uri: t.uri,
      name: t.name,
      // Unknown from an export: 0 until enrichment fetches the track.
      duration_ms: 0,
      explicit: false,
      disc_number: 0,
      track_number: 0,
      is_local: t.isLocal,
      popularity: null,
      isrc: null,
      type: 'track',
      album: {
        id: null,
        uri: null,
        name: t.albumName,
        album_type: null,
        release_date: null,
        release_date_precision: null,
        total_tracks: null,
        images: [],
        artists,
      },
      artists,
    },
    history,
  };
}

/** Spotify's form for local files: `spotify:local:artist:album:title:seconds`, parts URL-encoded. */
function localUri(artist: string | null, album: string | null, title: string): string {
  const part = (s: string | null) => encodeURIComponent(s ?? '').replace(/%20/g, '+');
  return `spotify:local:${part(artist)}:${part(album)}:${part(title)}:`;
}
