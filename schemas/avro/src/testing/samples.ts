import type {
  AccountRecord,
  AlbumRecord,
  ArtistRecord,
  PlayFact,
  RawPlay,
  RawPlayArtist,
  TrackRecord,
} from '../records.ts';

/**
 * Well-formed records with every optional field set, for tests across the workspace. Each call
 * returns fresh objects; override what a test cares about with a spread.
 */

const ARTIST: RawPlayArtist = {
  id: '0OdUWJ0sBjDrqHygGUXeCF',
  uri: 'spotify:artist:0OdUWJ0sBjDrqHygGUXeCF',
  name: 'Band of Horses',
};

export function sampleRawPlay(overrides: Partial<RawPlay> = {}): RawPlay {
  return {
    account: { id: 'listener-1', time_zone: 'Europe/Stockholm', display_name: 'Listener One', country: 'SE' },
    played_at: new Date('2024-03-31T00:59:59.123Z'),
    source: 'api',
    fetched_at: new Date('2024-03-31T01:10:00.000Z'),
    context: {
      type: 'playlist',
      uri: 'spotify:playlist:37i9dQZF1DXcBWIGoYBM5M',
      href: 'https://api.spotify.com/v1/playlists/37i9dQZF1DXcBWIGoYBM5M',
      external_url: 'https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M',
    },
    track: {
      id: '4iV5W9uYEdYUVa79Axb7Rh',
      uri: 'spotify:track:4iV5W9uYEdYUVa79Axb7Rh',
      name: 'The Funeral',
      duration_ms: 322_000,
      explicit: false,
      disc_number: 1,
      track_number: 3,
      is_local: false,
      popularity: 71,
      isrc: 'USSUB0678003',
      type: 'track',
      album: {
        id: '0xOeVMOz2fVg5BJY3N6akT',
        uri: 'spotify:album:0xOeVMOz2fVg5BJY3N6akT',
        name: 'Everything All the Time',
        album_type: 'album',
        release_date: '2006-03-21',
        release_date_precision: 'day',
        total_tracks: 10,
        images: [{ url: 'https://i.scdn.co/image/ab67616d0000b273', height: 640, width: 640 }],
        artists: [{ ...ARTIST }],
      },
      artists: [{ ...ARTIST }],
    },
    history: {
      ms_played: 321_456,
      reason_start: 'trackdone',
      reason_end: 'endplay',
      shuffle: true,
      skipped: false,
      offline: true,
      offline_timestamp: new Date('2024-03-30T22:00:00.001Z'),
      incognito_mode: false,
    },
    ...overrides,
  };
}

/** A local file: Spotify gives no ids, no album uri, no popularity. */
export function sampleLocalRawPlay(): RawPlay {
  const play = sampleRawPlay({ context: null, history: null });
  play.track = {
    ...play.track,
    id: null,
    uri: 'spotify:local:Artist:Album:Song:215',
    popularity: null,
    isrc: null,
    is_local: true,
    album: {
      id: null,
      uri: null,
      name: 'Album',
      album_type: null,
      release_date: null,
      release_date_precision: null,
      total_tracks: null,
      images: [],
      artists: [],
    },
    artists: [{ id: null, uri: null, name: 'Artist' }],
  };
  return play;
}

export function sampleArtist(overrides: Partial<ArtistRecord> = {}): ArtistRecord {
  return { artist_id: ARTIST.id!, name: ARTIST.name, uri: ARTIST.uri!, ...overrides };
}

export function sampleAlbum(overrides: Partial<AlbumRecord> = {}): AlbumRecord {
  return {
    album_id: '0xOeVMOz2fVg5BJY3N6akT',
    name: 'Everything All the Time',
    uri: 'spotify:album:0xOeVMOz2fVg5BJY3N6akT',
    album_type: 'album',
    release_date: '2006-03-21',
    release_date_precision: 'day',
    release_year: 2006,
    total_tracks: 10,
    image_url: 'https://i.scdn.co/image/ab67616d0000b273',
    primary_artist_id: ARTIST.id,
    ...overrides,
  };
}

export function sampleTrack(overrides: Partial<TrackRecord> = {}): TrackRecord {
  return {
    track_id: '4iV5W9uYEdYUVa79Axb7Rh',
    name: 'The Funeral',
    uri: 'spotify:track:4iV5W9uYEdYUVa79Axb7Rh',
    duration_ms: 322_000,
    explicit: false,
    disc_number: 1,
    track_number: 3,
    album_id: '0xOeVMOz2fVg5BJY3N6akT',
    artist_ids: [ARTIST.id!, '1uNFoZAHBGtllmzznpCI3s'],
    isrc: 'USSUB0678003',
    ...overrides,
  };
}

export function sampleAccount(overrides: Partial<AccountRecord> = {}): AccountRecord {
  return {
    account_id: 'listener-1',
    display_name: 'Listener One',
    country: 'SE',
    time_zone: 'Europe/Stockholm',
    ...overrides,
  };
}

export function samplePlayFact(overrides: Partial<PlayFact> = {}): PlayFact {
  return {
    account_id: 'listener-1',
    played_at: new Date('2024-03-31T00:59:59.123Z'),
    time_zone: 'Europe/Stockholm',
    local_date_key: 20240331,
    local_time_key: 159,
    track_id: '4iV5W9uYEdYUVa79Axb7Rh',
    album_id: '0xOeVMOz2fVg5BJY3N6akT',
    primary_artist_id: ARTIST.id!,
    context_type: 'playlist',
    context_uri: 'spotify:playlist:37i9dQZF1DXcBWIGoYBM5M',
    ms_played: 321_456,
    source: 'history_import',
    reason_start: 'trackdone',
    reason_end: 'endplay',
    shuffle: true,
    skipped: false,
    offline: false,
    track_name: null,
    album_name: null,
    artist_name: null,
    ...overrides,
  };
}
