import { ALL_TIME, type Period } from './period.ts';
import { PERIOD_QUERIES, type ReportQuery } from './queries.ts';
import type { ReportDatabase, Row } from './report-database.ts';

export interface Totals {
  plays: number;
  minutesPlayed: number;
  tracks: number;
  artists: number;
  albums: number;
  daysListened: number;
  /** Plays whose export said whether they were skipped, and how many were. */
  skipKnown: number;
  skipped: number;
  /** Plays whose export gave a reason the track ended, and how many ended because it was done. */
  endKnown: number;
  completed: number;
  /** Plays whose time is the track's length, not a reported time (polled plays). */
  estimated: number;
}

export interface Ranked {
  rank: number;
  id: string;
  name: string;
  /** The artist of a track or album; null for an artist. */
  artist: string | null;
  plays: number;
  minutesPlayed: number;
}

export interface ListeningReport {
  account: { id: string; name: string | null; timeZone: string | null };
  period: Period;
  totals: Totals;
  byDay: { day: string; plays: number; minutesPlayed: number }[];
  byWeek: { isoYear: number; isoWeek: number; firstDay: string; plays: number; minutesPlayed: number }[];
  topArtists: Ranked[];
  topTracks: Ranked[];
  topAlbums: Ranked[];
  /** Plays by ISO weekday (1 = Monday) and local hour (0-23); cells without plays are absent. */
  heatmap: { weekday: number; hour: number; plays: number }[];
  /** Per local month (YYYYMM): artists heard for the first time ever, and artists heard before. */
  artistsByMonth: { month: number; newArtists: number; knownArtists: number }[];
  longestSessions: { localStart: string; plays: number; minutesPlayed: number; spanMinutes: number }[];
  busiestDay: { day: string; plays: number; minutesPlayed: number } | null;
  firstPlay: { day: string; time: string; track: string | null; artist: string | null } | null;
  /**
   * Podcast episodes the enrichment found among an export's music plays (pre-2023 exports wrote
   * them into the music files): left out of every figure above, counted here so the listener knows.
   */
  podcasts: { plays: number; episodes: number };
  generatedAt: Date;
}

export interface AccountYears {
  id: string;
  name: string | null;
  plays: number;
  years: { year: number; plays: number }[];
}

/** Counts and sums arrive as text (PostgreSQL bigint/numeric) or numbers; null sums are 0. */
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function ranked(rows: Row[]): Ranked[] {
  return rows.map((row, i) => ({
    rank: i + 1,
    id: String(row.id ?? ''),
    name: str(row.name) ?? String(row.id ?? 'unknown'),
    artist: str(row.artist_name),
    plays: num(row.plays),
    minutesPlayed: num(row.minutes_played),
  }));
}

/** Runs every query of the report for one account and period (in parallel) and shapes the result. */
export async function loadListeningReport(
  db: ReportDatabase,
  accountId: string,
  period: Period,
  now = new Date(),
): Promise<ListeningReport> {
  const params = { account: accountId, from: period.from, to: period.to };
  const queries = PERIOD_QUERIES;
  const results = await Promise.all(queries.map((q) => db.run(q, params)));
  const rows = Object.fromEntries(queries.map((q, i) => [q, results[i]!])) as Record<ReportQuery, Row[]>;
  const t = rows.totals[0] ?? {};
  const byDay = rows.by_day.map((r) => ({
    day: String(r.day),
    plays: num(r.plays),
    minutesPlayed: num(r.minutes_played),
  }));
  const busiestDay = byDay.reduce<(typeof byDay)[number] | null>(
    (best, d) => (best === null || d.plays > best.plays ? d : best),
    null,
  );
  const first = rows.first_play[0];
  return {
    account: { id: accountId, name: str(t.account_name), timeZone: str(t.time_zone) },
    period,
    totals: {
      plays: num(t.plays),
      minutesPlayed: num(t.minutes_played),
      tracks: num(t.tracks),
      artists: num(t.artists),
      albums: num(t.albums),
      daysListened: num(t.days_listened),
      skipKnown: num(t.skip_known),
      skipped: num(t.skipped),
      endKnown: num(t.end_known),
      completed: num(t.completed),
      estimated: num(t.estimated),
    },
    byDay,
    byWeek: rows.by_week.map((r) => ({
      isoYear: num(r.iso_year),
      isoWeek: num(r.iso_week),
      firstDay: String(r.first_day),
      plays: num(r.plays),
      minutesPlayed: num(r.minutes_played),
    })),
    topArtists: ranked(rows.top_artists),
    topTracks: ranked(rows.top_tracks),
    topAlbums: ranked(rows.top_albums),
    heatmap: rows.heatmap.map((r) => ({ weekday: num(r.weekday), hour: num(r.hour), plays: num(r.plays) })),
    artistsByMonth: rows.artists_by_month.map((r) => ({
      month: num(r.year_month),
      newArtists: num(r.new_artists),
      knownArtists: num(r.known_artists),
    })),
    longestSessions: rows.longest_sessions.map((r) => ({
      localStart: String(r.local_start),
      plays: num(r.plays),
      minutesPlayed: num(r.minutes_played),
      spanMinutes: num(r.span_minutes),
    })),
    busiestDay,
    firstPlay: first
      ? {
          day: String(first.day),
          time: String(first.local_time),
          track: str(first.track_name),
          artist: str(first.artist_name),
        }
      : null,
    podcasts: { plays: num(rows.podcast_plays[0]?.plays), episodes: num(rows.podcast_plays[0]?.episodes) },
    generatedAt: now,
  };
}

function accountYears(rows: Row[]): AccountYears[] {
  const byId = new Map<string, AccountYears>();
  for (const row of rows) {
    const id = String(row.account_id);
    const entry = byId.get(id) ?? { id, name: str(row.account_name), plays: 0, years: [] };
    entry.years.push({ year: num(row.local_year), plays: num(row.plays) });
    entry.plays += num(row.plays);
    entry.name ??= str(row.account_name);
    byId.set(id, entry);
  }
  return [...byId.values()];
}

/** Every account in the warehouse with its plays per local year, for the live page's list. */
export async function loadAccounts(db: ReportDatabase): Promise<AccountYears[]> {
  return accountYears(await db.run('accounts'));
}

/** One account's plays per local year (the live report's links to its years); undefined without plays. */
export async function loadAccountYears(
  db: ReportDatabase,
  account: string,
): Promise<AccountYears | undefined> {
  return accountYears(await db.run('account_years', { account, ...ALL_TIME }))[0];
}
