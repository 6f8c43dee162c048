import type {
  RawPlay,
  RawPlayAccount,
  RawPlayAlbum,
  RawPlayArtist,
  RawPlayTrack,
} from '@spotify-pipeline/avro';
import { SeededRandom, spotifyId } from '@spotify-pipeline/spotify-sim';
import { TRICKY_NAME_PARTS } from './unicode-names.ts';

export interface ListeningOptions {
  /** Raw plays to generate; every one is a distinct (account, played_at). */
  readonly plays: number;
  readonly accounts?: number;
  readonly tracks?: number;
  readonly seed?: number;
  /** The first play; each account's plays follow at irregular gaps (about an hour on average). */
  readonly start?: Date;
}

/** What a generated history holds: the plays, in the order to produce them, and what they mention. */
export interface Listening {
  readonly plays: RawPlay[];
  readonly accounts: readonly RawPlayAccount[];
  readonly tracks: readonly RawPlayTrack[];
}

/**
 * Zones chosen for their rules: DST north and south, half- and quarter-hour offsets, a 30-minute
 * DST (Lord Howe), a zone that skipped a day (Apia), and UTC.
 */
export const TEST_TIME_ZONES: readonly string[] = [
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'America/St_Johns',
  'Pacific/Apia',
  'Europe/London',
  'UTC',
];

const COUNTRIES = ['DE', 'US', 'IN', 'AU', 'NP', 'NZ', 'BR', 'AU', 'CA', 'WS', 'GB', null] as const;
const MINUTE_MS = 60_000;

/**
 * A deterministic listening history shaped like Spotify's: a few thousand tracks by ~40% as many
 * artists, multi-artist tracks and compilations whose album artist differs from the track's, names
 * in many scripts, popular tracks played far more often and the same track replayed back to back.
 * The same options always give the same plays.
 */
export function generateListening({
  plays,
  accounts = 50,
  tracks = 3_000,
  seed = 20_260_329,
  start = new Date('2026-02-20T00:00:00.000Z'),
}: ListeningOptions): Listening {
  for (const [name, value] of Object.entries({ plays, accounts, tracks })) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`generateListening: ${name} must be a positive integer, got ${value}`);
  }
  const random = new SeededRandom(seed);
  const catalogue = makeCatalogue(random, tracks);
  const listeners = Array.from({ length: accounts }, (_, i): RawPlayAccount => {
    const zone = i % TEST_TIME_ZONES.length;
    return {
      id: `listener-${String(i).padStart(3, '0')}-${spotifyId(random).slice(0, 8)}`,
      time_zone: TEST_TIME_ZONES[zone] as string,
      display_name: i % 5 === 4 ? null : `${TRICKY_NAME_PARTS[i % TRICKY_NAME_PARTS.length]} listener ${i}`,
      country: COUNTRIES[zone] ?? null,
    };
  });

  // Each account has its own clock; plays are produced interleaved across accounts, as a poller would.
  const clocks = listeners.map((_, i) => start.getTime() + i * 7 * MINUTE_MS + random.int(0, 999));
  const recent: RawPlayTrack[][] = listeners.map(() => []);
  const out: RawPlay[] = [];
  for (let n = 0; n < plays; n += 1) {
    const a = n % accounts;
    const account = listeners[a] as RawPlayAccount;
    const history = recent[a] as RawPlayTrack[];
    // A quarter of plays replay something heard lately; the rest favour popular tracks (quadratic skew).
    const track =
      history.length > 0 && random.chance(0.25)
        ? random.pick(history)
        : (catalogue[Math.floor(random.next() ** 2 * catalogue.length)] as RawPlayTrack);
    history.push(track);
    if (history.length > 10) history.shift();
    const playedAt = new Date(clocks[a] as number);
    // At least two minutes apart: the warehouse merges a polled and an imported play of one track
    // less than min(90 s, duration) apart into one listen, and these are all meant to be distinct.
    clocks[a] = (clocks[a] as number) + random.int(2 * MINUTE_MS, 120 * MINUTE_MS) + random.int(1, 999);
    const imported = random.chance(0.2);
    out.push({
      // A data export knows only the account it was imported into, not its name or country.
      account: imported ? { ...account, display_name: null, country: null } : { ...account },
      played_at: playedAt,
      source: imported ? 'history_import' : 'api',
      fetched_at: new Date(playedAt.getTime() + random.int(1_000, 30 * MINUTE_MS)),
      context: contextFor(random, track),
      track,
      history: imported
        ? {
            ms_played: random.int(0, track.duration_ms),
            reason_start: random.pick(['trackdone', 'clickrow', 'fwdbtn', null]),
            reason_end: random.pick(['trackdone', 'endplay', 'fwdbtn', null]),
            shuffle: random.pick([true, false, null]),
            skipped: random.pick([true, false, null]),
            offline: random.pick([true, false, null]),
            offline_timestamp: null,
            incognito_mode: random.pick([true, false, null]),
          }
        : null,
    });
  }
  return { plays: out, accounts: listeners, tracks: catalogue };
}

function contextFor(random: SeededRandom, track: RawPlayTrack): RawPlay['context'] {
  const r = random.next();
  if (r < 0.3) return null;
  if (r < 0.5 && track.album.uri !== null) {
    return { type: 'album', uri: track.album.uri, href: null, external_url: null };
  }
  const id = spotifyId(random);
  return {
    type: 'playlist',
    uri: `spotify:playlist:${id}`,
    href: `https://api.spotify.com/v1/playlists/${id}`,
    external_url: `https://open.spotify.com/playlist/${id}`,
  };
}

function makeCatalogue(random: SeededRandom, trackCount: number): RawPlayTrack[] {
  const artist = (name: string): RawPlayArtist => {
    const id = spotifyId(random);
    return { id, uri: `spotify:artist:${id}`, name };
  };
  const artists = Array.from({ length: Math.max(2, Math.ceil(trackCount * 0.4)) }, (_, i) =>
    artist(i % 3 === 0 ? `${TRICKY_NAME_PARTS[i % TRICKY_NAME_PARTS.length]} ${i}` : `Artist ${i}`),
  );
  const variousArtists = artist('Various Artists');

  const albums = Array.from({ length: Math.max(1, Math.ceil(trackCount / 4)) }, (_, i) => {
    const id = spotifyId(random);
    const compilation = i % 9 === 0;
    const year = random.int(1960, 2026);
    const precision = random.pick(['day', 'day', 'month', 'year'] as const);
    const date =
      precision === 'year'
        ? String(year)
        : precision === 'month'
          ? `${year}-${String(random.int(1, 12)).padStart(2, '0')}`
          : `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    const album: Omit<RawPlayAlbum, 'total_tracks'> & { total_tracks: number } = {
      id,
      uri: `spotify:album:${id}`,
      name:
        i % 4 === 1 ? `${TRICKY_NAME_PARTS[(i * 5) % TRICKY_NAME_PARTS.length]} — Album ${i}` : `Album ${i}`,
      album_type: compilation ? 'compilation' : random.pick(['album', 'single', 'album']),
      release_date: date,
      release_date_precision: precision,
      total_tracks: 0,
      images: [640, 300, 64]
        .slice(0, random.int(0, 3))
        .map((size) => ({ url: `https://i.scdn.co/image/${id}${size}`, height: size, width: size })),
      artists: compilation ? [variousArtists] : [random.pick(artists)],
    };
    return album;
  });

  return Array.from({ length: trackCount }, (_, i): RawPlayTrack => {
    const album = albums[i % albums.length] as (typeof albums)[number];
    album.total_tracks += 1;
    const lead =
      album.artists[0] === variousArtists ? random.pick(artists) : (album.artists[0] as RawPlayArtist);
    const featured = Array.from({ length: random.pick([0, 0, 0, 1, 1, 2, 3]) }, () => random.pick(artists));
    const trackArtists = [lead, ...featured].filter((a, k, all) => all.findIndex((b) => b.id === a.id) === k);
    const id = spotifyId(random);
    return {
      id,
      uri: `spotify:track:${id}`,
      name:
        i % 3 === 2 ? `${TRICKY_NAME_PARTS[(i * 7) % TRICKY_NAME_PARTS.length]} (Track ${i})` : `Track ${i}`,
      duration_ms: random.int(30_000, 900_000),
      explicit: random.chance(0.2),
      disc_number: 1,
      track_number: album.total_tracks,
      is_local: false,
      popularity: random.int(0, 100),
      isrc: random.chance(0.9) ? `QZ${spotifyId(random).slice(0, 10).toUpperCase()}` : null,
      type: 'track',
      album: album as RawPlayAlbum,
      artists: trackArtists,
    };
  });
}
