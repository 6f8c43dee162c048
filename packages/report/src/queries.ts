/**
 * The queries a listening report runs, by name. Each dialect's statements.ts gives every one of
 * them, and golden.test.ts pins their text. All read the views (v_plays), never the tables, so the
 * report means what Tableau shows (`podcast_plays` reads v_podcast_plays: the podcast episodes the
 * enrichment found among an export's music, which v_plays leaves out). Parameters: the account, and the period's local dates
 * [from, to) in the listener's own time zone; `accounts` takes none, `account_years` the account only
 * (PostgreSQL $1, SQL Server @account).
 */
export const REPORT_QUERIES = [
  'accounts',
  'account_years',
  'totals',
  'by_day',
  'by_week',
  'top_artists',
  'top_tracks',
  'top_albums',
  'heatmap',
  'artists_by_month',
  'longest_sessions',
  'first_play',
  'podcast_plays',
] as const;

export type ReportQuery = (typeof REPORT_QUERIES)[number];

/** Which parameters a query binds: none, the account ($1), or the account and the period ($1-$3). */
export const QUERY_PARAMETERS: Readonly<Record<ReportQuery, 'none' | 'account' | 'period'>> =
  Object.fromEntries(
    REPORT_QUERIES.map((q) => [q, q === 'accounts' ? 'none' : q === 'account_years' ? 'account' : 'period']),
  ) as Record<ReportQuery, 'none' | 'account' | 'period'>;

/** The queries of one report (account and period); the others list accounts and their years. */
export const PERIOD_QUERIES = REPORT_QUERIES.filter(
  (q): q is Exclude<ReportQuery, 'accounts' | 'account_years'> => q !== 'accounts' && q !== 'account_years',
);

export type ReportStatements = Readonly<Record<ReportQuery, string>>;

/** How many members the top lists hold (the year in review shows the first five). */
export const TOP_N = 10;
/** How many of the longest sessions are listed. */
export const SESSIONS_N = 5;
/** Plays further apart than this start a new listening session. */
export const SESSION_GAP_MINUTES = 30;
