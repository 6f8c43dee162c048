import type { PlayFact, WarehouseBatch } from '@spotify-pipeline/warehouse';
import { localDateTime } from '../e2e/local-date-time.ts';

/**
 * A known listener for the report tests: 300 plays in 2025 and 20 in December 2024, in Berlin time.
 * Track n (0..23) is played 24 - n times in 2025, so tracks, albums (one per artist) and artists
 * (three tracks each) all have distinct play counts and the top lists have no ties. Names in
 * right-to-left scripts, CJK and HTML's special characters. Every third play comes from a data
 * export (ms_played, skipped, reason_end); the rest were polled.
 */
export const KNOWN_ACCOUNT = 'report-listener';
export const KNOWN_TIME_ZONE = 'Europe/Berlin';

const ARTIST_NAMES = [
  'فيروز',
  '坂本龍一',
  'עומר אדם',
  '<b>Bold</b> & "Quoted"',
  'Björk',
  'Nina Simone',
  'Ryuichi & Friends',
  'The Long Name Orchestra of the Very Long Names and Their Extended Ensemble',
];

const key = (d: string, t: string) => ({
  date: Number(d.replaceAll('-', '')),
  time: Number(t.replace(':', '')),
});

function fact(playedAt: Date, track: number, n: number): PlayFact {
  const local = key(...(Object.values(localDateTime(playedAt, KNOWN_TIME_ZONE)) as [string, string]));
  const artist = Math.floor(track / 3);
  const imported = n % 3 === 0;
  return {
    account_id: KNOWN_ACCOUNT,
    played_at: playedAt,
    time_zone: KNOWN_TIME_ZONE,
    local_date_key: local.date,
    local_time_key: local.time,
    track_id: `rt${track}`,
    album_id: `ral${artist}`,
    primary_artist_id: `rar${artist}`,
    context_type: 'album',
    context_uri: `spotify:album:ral${artist}`,
    ms_played: imported ? 60_000 + (n % 5) * 30_000 : null,
    source: imported ? 'history_import' : 'api',
    reason_start: imported ? 'clickrow' : null,
    reason_end: imported ? (n % 7 === 0 ? 'fwdbtn' : 'trackdone') : null,
    shuffle: imported ? false : null,
    skipped: imported ? n % 7 === 0 : null,
    offline: imported ? false : null,
  };
}

export function knownListening(): WarehouseBatch {
  const order: number[] = [];
  for (let track = 0; track < 24; track += 1) for (let i = 0; i < 24 - track; i += 1) order.push(track);
  const plays: PlayFact[] = [];
  // 300 plays in sessions of 10, four minutes apart; sessions 11 days 5 h 17 min apart, so they
  // cover 2025 on every weekday and at many hours. The order is a fixed permutation (37 is prime to 300).
  const start = Date.UTC(2025, 0, 2, 6, 0);
  for (let n = 0; n < order.length; n += 1) {
    const at = start + Math.floor(n / 10) * (((11 * 24 + 5) * 60 + 17) * 60_000) + (n % 10) * 4 * 60_000;
    plays.push(fact(new Date(at), order[(n * 37) % order.length]!, n));
  }
  // December 2024: the first two artists were heard before 2025 (so 2025 has familiar artists).
  for (let n = 0; n < 20; n += 1)
    plays.push(fact(new Date(Date.UTC(2024, 11, 10, 19, 0) + n * 5 * 60_000), n % 6, n + 1));
  return {
    artists: ARTIST_NAMES.map((name, a) => ({ artist_id: `rar${a}`, name, uri: `spotify:artist:rar${a}` })),
    albums: ARTIST_NAMES.map((name, a) => ({
      album_id: `ral${a}`,
      name: `${name} – album`,
      uri: `spotify:album:ral${a}`,
      album_type: 'album',
      release_date: '2020-01-01',
      release_date_precision: 'day',
      release_year: 2020,
      total_tracks: 3,
      image_url: null,
      primary_artist_id: `rar${a}`,
    })),
    tracks: Array.from({ length: 24 }, (_, t) => ({
      track_id: `rt${t}`,
      name: `${ARTIST_NAMES[Math.floor(t / 3)]} · song ${t % 3}`,
      uri: `spotify:track:rt${t}`,
      duration_ms: 180_000 + t * 1000,
      explicit: false,
      disc_number: 1,
      track_number: (t % 3) + 1,
      album_id: `ral${Math.floor(t / 3)}`,
      artist_ids: [`rar${Math.floor(t / 3)}`],
      isrc: null,
    })),
    accounts: [
      {
        account_id: KNOWN_ACCOUNT,
        display_name: 'Report Listener',
        country: 'DE',
        time_zone: KNOWN_TIME_ZONE,
      },
    ],
    plays,
  };
}
