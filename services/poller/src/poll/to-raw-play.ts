import type { PlayHistory } from '@spotify/web-api-ts-sdk';
import type { RawPlay, RawPlayAccount, RawPlayArtist } from '@spotify-pipeline/avro';
import { NonRetriableError } from '@spotify-pipeline/runtime';

/** A recently-played item lacks something a RawPlay must have; names the field, not the data. */
export class PlayShapeError extends NonRetriableError {}

type Loose = Record<string, unknown> | null | undefined;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function required<T>(value: T | null, field: string): T {
  if (value === null) throw new PlayShapeError(`recently-played item has no valid ${field}`);
  return value;
}

function artists(list: unknown): RawPlayArtist[] {
  if (!Array.isArray(list)) return [];
  return list.map((a: Loose, i) => ({
    id: str(a?.id),
    uri: str(a?.uri),
    name: required(str(a?.name), `artists[${i}].name`),
  }));
}

/** played_at as unix ms; Spotify sends ISO 8601 with milliseconds (`2026-01-02T03:04:05.678Z`). */
export function playedAtMs(item: Pick<PlayHistory, 'played_at'>): number {
  return Date.parse(item.played_at);
}

/**
 * A PlayHistoryObject as a RawPlay. Spotify's documented shape is not what every item has: local
 * files carry null ids and no album id, podcasts come as episodes, a context may be null. Those are
 * kept as nulls; only what no play can lack (played_at, uri, name, duration) is required.
 */
export function toRawPlay(item: PlayHistory, account: RawPlayAccount, fetchedAt: Date): RawPlay {
  const playedAt = playedAtMs(item);
  required(Number.isFinite(playedAt) ? playedAt : null, 'played_at');
  const track = item.track as unknown as Record<string, unknown>;
  if (!track || typeof track !== 'object') throw new PlayShapeError('recently-played item has no track');
  const album = (track.album ?? {}) as Record<string, unknown>;
  const context = item.context as unknown as Loose;
  const externalIds = track.external_ids as Loose;
  const images = Array.isArray(album.images) ? (album.images as Loose[]) : [];
  return {
    account,
    played_at: new Date(playedAt),
    source: 'api',
    fetched_at: fetchedAt,
    context: context
      ? {
          type: required(str(context.type), 'context.type'),
          uri: required(str(context.uri), 'context.uri'),
          href: str(context.href),
          external_url: str((context.external_urls as Loose)?.spotify),
        }
      : null,
    track: {
      id: str(track.id),
      uri: required(str(track.uri), 'track.uri'),
      name: required(str(track.name), 'track.name'),
      duration_ms: required(num(track.duration_ms), 'track.duration_ms'),
      explicit: track.explicit === true,
      disc_number: num(track.disc_number) ?? 0,
      track_number: num(track.track_number) ?? 0,
      is_local: track.is_local === true,
      popularity: num(track.popularity),
      isrc: str(externalIds?.isrc),
      type: str(track.type) ?? 'track',
      album: {
        id: str(album.id),
        uri: str(album.uri),
        name: str(album.name) ?? '',
        album_type: str(album.album_type),
        release_date: str(album.release_date),
        release_date_precision: str(album.release_date_precision),
        total_tracks: num(album.total_tracks),
        images: images.flatMap((image) =>
          str(image?.url)
            ? [{ url: str(image?.url)!, height: num(image?.height), width: num(image?.width) }]
            : [],
        ),
        artists: artists(album.artists),
      },
      artists: artists(track.artists),
    },
    history: null,
  };
}
