import type { AccountRecord, AlbumRecord, ArtistRecord, PlayFact, TrackRecord } from '../rows.ts';
import type { WarehouseBatch } from '../warehouse.ts';

/** Small builders for test records; every field can be overridden. */
export const artist = (id: string, over: Partial<ArtistRecord> = {}): ArtistRecord => ({
  artist_id: id,
  name: `Artist ${id}`,
  uri: `spotify:artist:${id}`,
  ...over,
});

export const album = (
  id: string,
  primaryArtist: string | null,
  over: Partial<AlbumRecord> = {},
): AlbumRecord => ({
  album_id: id,
  name: `Album ${id}`,
  uri: `spotify:album:${id}`,
  album_type: 'album',
  release_date: '2019-05-17',
  release_date_precision: 'day',
  release_year: 2019,
  total_tracks: 12,
  image_url: `https://i.scdn.co/image/${id}`,
  primary_artist_id: primaryArtist,
  ...over,
});

export const track = (
  id: string,
  albumId: string,
  artistIds: string[],
  over: Partial<TrackRecord> = {},
): TrackRecord => ({
  track_id: id,
  name: `Track ${id}`,
  uri: `spotify:track:${id}`,
  duration_ms: 180_000,
  explicit: false,
  disc_number: 1,
  track_number: 1,
  album_id: albumId,
  artist_ids: artistIds,
  isrc: `ISRC${id}`.slice(0, 12),
  ...over,
});

export const account = (id: string, timeZone: string, over: Partial<AccountRecord> = {}): AccountRecord => ({
  account_id: id,
  display_name: `Listener ${id}`,
  country: 'DE',
  time_zone: timeZone,
  ...over,
});

export const play = (
  accountId: string,
  playedAt: string,
  local: { date: number; time: number },
  trackId: string,
  albumId: string,
  artistId: string,
  over: Partial<PlayFact> = {},
): PlayFact => ({
  account_id: accountId,
  played_at: new Date(playedAt),
  time_zone: 'UTC',
  local_date_key: local.date,
  local_time_key: local.time,
  track_id: trackId,
  album_id: albumId,
  primary_artist_id: artistId,
  context_type: 'playlist',
  context_uri: 'spotify:playlist:37i9dQZF1DXcBWIGoYBM5M',
  ms_played: null,
  source: 'api',
  reason_start: null,
  reason_end: null,
  shuffle: null,
  skipped: null,
  offline: null,
  ...over,
});

export const batchOf = (parts: Partial<WarehouseBatch>): WarehouseBatch => ({
  artists: [],
  albums: [],
  tracks: [],
  accounts: [],
  plays: [],
  ...parts,
});

/**
 * The local date and time keys of an instant in a zone, straight from Intl instant by instant: what
 * the tests expect, computed apart from the code under test.
 */
export function keysIn(at: string | Date, timeZone: string): { date: number; time: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(at));
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return {
    date: field('year') * 10_000 + field('month') * 100 + field('day'),
    time: field('hour') * 100 + field('minute'),
  };
}
