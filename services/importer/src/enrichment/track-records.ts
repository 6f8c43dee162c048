import type { Track } from '@spotify/web-api-ts-sdk';
import type { AlbumRecord, ArtistRecord, TrackRecord } from '@spotify-pipeline/avro';
import { NonRetriableError } from '@spotify-pipeline/runtime';

/** The dimension records one looked-up track completes: its artists, its album and itself. */
export interface TrackDimensions {
  readonly artists: ArtistRecord[];
  readonly album: AlbumRecord;
  readonly track: TrackRecord;
}

const RELEASE_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Spotify's "yyyy", "yyyy-mm" or "yyyy-mm-dd"; "0000" means unknown, not year zero. */
export function releaseYear(releaseDate: string | null | undefined): number | null {
  const match = RELEASE_DATE.exec(releaseDate?.trim() ?? '');
  if (match === null) return null;
  const year = Number(match[1]);
  return year > 0 ? year : null;
}

/** Thrown for a track object that lacks what the records need; a bug or a changed API, not a retry. */
export class TrackShapeError extends NonRetriableError {
  constructor(trackId: string, problem: string) {
    super(`track ${trackId} from Spotify cannot be recorded: ${problem}`);
  }
}

/**
 * A Web API track object as the records a polled play of it would give (the normalizer's mapping
 * of the same fields): artists of the track and its album (each once), the album with its largest
 * image and first credited artist, the track with its artists in Spotify's order.
 */
export function trackDimensions(track: Track): TrackDimensions {
  const album = track.album;
  if (!track.id) throw new TrackShapeError(String(track.id), 'no id');
  if (!album?.id) throw new TrackShapeError(track.id, 'no album id');
  if (track.artists.length === 0 || track.artists.some((a) => !a.id))
    throw new TrackShapeError(track.id, 'an artist without an id');
  const artist = (a: { id: string; name: string; uri?: string }): ArtistRecord => ({
    artist_id: a.id,
    name: a.name,
    uri: a.uri ?? `spotify:artist:${a.id}`,
  });
  const trackArtists = track.artists.map(artist);
  const albumArtists = (album.artists ?? []).filter((a) => a.id).map(artist);
  const seen = new Set<string>();
  const artists = [...trackArtists, ...albumArtists].filter(
    (a) => !seen.has(a.artist_id) && seen.add(a.artist_id),
  );
  let image: { url: string; height: number; width: number } | undefined;
  for (const candidate of album.images ?? []) {
    const area = (candidate.width ?? 0) * (candidate.height ?? 0);
    if (!image || area > (image.width ?? 0) * (image.height ?? 0)) image = candidate;
  }
  return {
    artists,
    album: {
      album_id: album.id,
      name: album.name,
      uri: album.uri ?? `spotify:album:${album.id}`,
      album_type: album.album_type ?? null,
      release_date: album.release_date ?? null,
      release_date_precision: album.release_date_precision ?? null,
      release_year: releaseYear(album.release_date),
      total_tracks: album.total_tracks ?? null,
      image_url: image?.url ?? null,
      primary_artist_id: albumArtists[0]?.artist_id ?? null,
    },
    track: {
      track_id: track.id,
      name: track.name,
      uri: track.uri ?? `spotify:track:${track.id}`,
      duration_ms: track.duration_ms,
      explicit: track.explicit,
      disc_number: track.disc_number,
      track_number: track.track_number,
      album_id: album.id,
      artist_ids: trackArtists.map((a) => a.artist_id),
      isrc: track.external_ids?.isrc ?? null,
    },
  };
}
