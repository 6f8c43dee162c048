import type { RawPlay, RawPlayAccount, RawPlayArtist, RawPlayContext } from '@spotify-pipeline/avro';
import { NonRetriableError } from '@spotify-pipeline/runtime';

/** A recently-played item that no RawPlay can be made of; names what is missing, not the data. */
export class PlayShapeError extends NonRetriableError {}

type Loose = Record<string, unknown>;

const INT32_MAX = 2_147_483_647;
const TRACK_URI = /^spotify:track:([0-9A-Za-z]{22})$/;

const object = (v: unknown): Loose | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
/** An Avro `int`: a whole number in 32 bits (a float or a huge number from the wire is not one). */
const int = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= INT32_MAX ? v : null;

function artists(list: unknown): RawPlayArtist[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry) => {
    const a = object(entry);
    return a ? [{ id: text(a.id), uri: str(a.uri), name: str(a.name) ?? '' }] : [];
  });
}

/**
 * played_at as unix ms, or NaN when the item has none that parses. Spotify sends ISO 8601 with
 * milliseconds (`2026-01-02T03:04:05.678Z`).
 */
export function playedAtMs(item: unknown): number {
  const value = object(item)?.played_at;
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

/**
 * The context as far as it is known. Real responses carry contexts the OpenAPI document does not
 * describe (no `type`, a type it does not list, legacy `spotify:user:<u>:playlist:<id>` URIs): they
 * are kept as they come, with `unknown` for a missing type; only a context with nothing in it is null.
 */
function toContext(value: unknown): RawPlayContext | null {
  const context = object(value);
  if (!context) return null;
  const type = text(context.type);
  const uri = text(context.uri);
  const href = str(context.href);
  const externalUrl = str(object(context.external_urls)?.spotify);
  if (type === null && uri === null && href === null && externalUrl === null) return null;
  return { type: type ?? 'unknown', uri: uri ?? '', href, external_url: externalUrl };
}

/**
 * A PlayHistoryObject as a RawPlay. Nothing in the OpenAPI document is marked required, and real
 * items lack fields at every depth (no `album` in older shapes, null artists, contexts of unknown
 * form), so only two things make a play: a `played_at` that parses and a track id (or a local
 * file). Everything else missing is kept as null, or as an empty name, a zero duration and the URI
 * derived from the id where the contract has no null: the normalizer then puts such a play on
 * inferred members, and enrichment completes it. Unknown and extra properties are ignored.
 * Throws PlayShapeError only for an item that is not a play at all; the poller dead-letters it.
 */
export function toRawPlay(item: unknown, account: RawPlayAccount, fetchedAt: Date): RawPlay {
  const playedAt = playedAtMs(item);
  if (!Number.isFinite(playedAt)) throw new PlayShapeError('recently-played item has no valid played_at');
  const track = object(object(item)?.track);
  if (!track) throw new PlayShapeError('recently-played item has no track');
  // An item without `id` may still name its track by URI (`spotify:track:<id>`).
  const id = text(track.id) ?? TRACK_URI.exec(str(track.uri) ?? '')?.[1] ?? null;
  const isLocal = track.is_local === true;
  if (id === null && !isLocal) {
    throw new PlayShapeError('recently-played item has no track id and is not a local file');
  }
  const album = object(track.album) ?? {};
  const images = Array.isArray(album.images) ? album.images : [];
  return {
    account,
    played_at: new Date(playedAt),
    source: 'api',
    fetched_at: fetchedAt,
    context: toContext(object(item)?.context),
    track: {
      id,
      uri: text(track.uri) ?? (id === null ? 'spotify:local' : `spotify:track:${id}`),
      name: str(track.name) ?? '',
      duration_ms: int(track.duration_ms) ?? 0,
      explicit: track.explicit === true,
      disc_number: int(track.disc_number) ?? 0,
      track_number: int(track.track_number) ?? 0,
      is_local: isLocal,
      popularity: int(track.popularity),
      isrc: str(object(track.external_ids)?.isrc),
      type: text(track.type) ?? 'track',
      album: {
        id: text(album.id),
        uri: str(album.uri),
        name: str(album.name) ?? '',
        album_type: str(album.album_type),
        release_date: str(album.release_date),
        release_date_precision: str(album.release_date_precision),
        total_tracks: int(album.total_tracks),
        images: images.flatMap((entry) => {
          const image = object(entry);
          const url = str(image?.url);
          return url ? [{ url, height: int(image?.height), width: int(image?.width) }] : [];
        }),
        artists: artists(album.artists),
      },
      artists: artists(track.artists),
    },
    history: null,
  };
}
