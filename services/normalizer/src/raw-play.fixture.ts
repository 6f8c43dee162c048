import type { RawPlay } from '@spotify-pipeline/avro';

/** Deep-partial overrides of a raw play, for tests. */
export interface RawPlayOverrides {
  account?: Partial<RawPlay['account']>;
  track?: Partial<Omit<RawPlay['track'], 'album'>> & { album?: Partial<RawPlay['track']['album']> };
  played_at?: Date;
  source?: RawPlay['source'];
  context?: RawPlay['context'];
  history?: RawPlay['history'];
}

/** A valid polled play of a two-artist track, changed by `overrides`. Used by unit and integration tests. */
export function rawPlayFixture(overrides: RawPlayOverrides = {}): RawPlay {
  const base: RawPlay = {
    account: { id: 'account-1', time_zone: 'Europe/Berlin', display_name: 'Ada', country: 'DE' },
    played_at: new Date('2024-06-01T12:34:56.789Z'),
    source: 'api',
    fetched_at: new Date('2024-06-01T12:40:00.000Z'),
    context: { type: 'playlist', uri: 'spotify:playlist:pl1', href: null, external_url: null },
    track: {
      id: 'track-1',
      uri: 'spotify:track:track-1',
      name: 'Song One',
      duration_ms: 210_000,
      explicit: false,
      disc_number: 1,
      track_number: 3,
      is_local: false,
      popularity: 55,
      isrc: 'USAB12345678',
      type: 'track',
      album: {
        id: 'album-1',
        uri: 'spotify:album:album-1',
        name: 'Album One',
        album_type: 'album',
        release_date: '2019-05-17',
        release_date_precision: 'day',
        total_tracks: 12,
        images: [
          { url: 'https://i.scdn.co/image/300', height: 300, width: 300 },
          { url: 'https://i.scdn.co/image/640', height: 640, width: 640 },
          { url: 'https://i.scdn.co/image/64', height: 64, width: 64 },
        ],
        artists: [{ id: 'artist-b', uri: 'spotify:artist:artist-b', name: 'Band B' }],
      },
      artists: [
        { id: 'artist-a', uri: 'spotify:artist:artist-a', name: 'Artist A' },
        { id: 'artist-b', uri: 'spotify:artist:artist-b', name: 'Band B' },
      ],
    },
    history: null,
  };
  const { album, ...track } = overrides.track ?? {};
  return {
    ...base,
    ...(overrides.played_at && { played_at: overrides.played_at }),
    ...(overrides.source && { source: overrides.source }),
    ...('context' in overrides && { context: overrides.context ?? null }),
    ...('history' in overrides && { history: overrides.history ?? null }),
    account: { ...base.account, ...overrides.account },
    track: { ...base.track, ...track, album: { ...base.track.album, ...album } },
  };
}
