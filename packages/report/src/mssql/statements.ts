import { type ReportStatements, SESSION_GAP_MINUTES, SESSIONS_N, TOP_N } from '../queries.ts';
import { assertSchemaName } from '../schema-name.ts';

/**
 * The report's statements for SQL Server, the same questions as postgres/statements.ts. Parameters
 * @account, @from and @to (the local date after the last). Dates come back as ISO strings
 * (CONVERT style 23); BIT columns are compared with 1. Untested against a server here: golden files
 * and the T-SQL parser pin them (golden.test.ts, tsql-parse.test.ts).
 */
export function mssqlReportStatements(schema: string): ReportStatements {
  assertSchemaName(schema);
  const plays = `[${schema}].v_plays`;
  const period = `${plays} WHERE account_id = @account AND local_date >= @from AND local_date < @to`;
  return {
    accounts: `SELECT
  account_id,
  MAX(account_name) AS account_name,
  local_year,
  COUNT_BIG(*) AS plays
FROM ${plays}
GROUP BY account_id, local_year
ORDER BY account_id, local_year`,

    account_years: `SELECT
  account_id,
  MAX(account_name) AS account_name,
  local_year,
  COUNT_BIG(*) AS plays
FROM ${plays}
WHERE account_id = @account
GROUP BY account_id, local_year
ORDER BY local_year`,

    totals: `SELECT
  COUNT_BIG(*) AS plays,
  COALESCE(SUM(minutes_played), 0) AS minutes_played,
  COUNT_BIG(DISTINCT track_id) AS tracks,
  COUNT_BIG(DISTINCT artist_id) AS artists,
  COUNT_BIG(DISTINCT album_id) AS albums,
  COUNT_BIG(DISTINCT local_date) AS days_listened,
  COUNT_BIG(skipped) AS skip_known,
  SUM(CASE WHEN skipped = 1 THEN 1 ELSE 0 END) AS skipped,
  COUNT_BIG(reason_end) AS end_known,
  SUM(CASE WHEN reason_end = 'trackdone' THEN 1 ELSE 0 END) AS completed,
  SUM(CASE WHEN ms_played_is_estimate = 1 THEN 1 ELSE 0 END) AS estimated,
  MAX(account_name) AS account_name,
  MAX(account_time_zone) AS time_zone
FROM ${period}`,

    by_day: `SELECT
  CONVERT(CHAR(10), local_date, 23) AS day,
  COUNT_BIG(*) AS plays,
  SUM(minutes_played) AS minutes_played
FROM ${period}
GROUP BY local_date
ORDER BY local_date`,

    by_week: `SELECT
  iso_year,
  iso_week,
  CONVERT(CHAR(10), MIN(local_date), 23) AS first_day,
  COUNT_BIG(*) AS plays,
  SUM(minutes_played) AS minutes_played
FROM ${period}
GROUP BY iso_year, iso_week
ORDER BY iso_year, iso_week`,

    top_artists: top(period, 'artist'),

    top_tracks: top(period, 'track'),

    top_albums: top(period, 'album'),

    heatmap: `SELECT
  local_weekday AS weekday,
  local_hour AS hour,
  COUNT_BIG(*) AS plays
FROM ${period}
GROUP BY local_weekday, local_hour
ORDER BY local_weekday, local_hour`,

    artists_by_month: `WITH first_heard AS (
  SELECT artist_id, MIN(local_year * 100 + local_month) AS first_month
  FROM ${plays}
  WHERE account_id = @account
  GROUP BY artist_id
), heard AS (
  SELECT DISTINCT local_year * 100 + local_month AS year_month, artist_id
  FROM ${period}
)
SELECT
  h.year_month,
  SUM(CASE WHEN f.first_month = h.year_month THEN 1 ELSE 0 END) AS new_artists,
  SUM(CASE WHEN f.first_month < h.year_month THEN 1 ELSE 0 END) AS known_artists
FROM heard AS h
JOIN first_heard AS f ON f.artist_id = h.artist_id OR (f.artist_id IS NULL AND h.artist_id IS NULL)
GROUP BY h.year_month
ORDER BY h.year_month`,

    longest_sessions: `WITH gaps AS (
  SELECT
    played_at_utc,
    CONVERT(CHAR(10), local_date, 23) + ' ' + local_time AS local_start,
    minutes_played,
    CASE
      WHEN DATEDIFF(SECOND, LAG(played_at_utc) OVER (ORDER BY played_at_utc), played_at_utc) <= ${SESSION_GAP_MINUTES * 60} THEN 0
      ELSE 1
    END AS starts_session
  FROM ${period}
), sessions AS (
  SELECT
    local_start,
    played_at_utc,
    minutes_played,
    SUM(starts_session) OVER (ORDER BY played_at_utc ROWS UNBOUNDED PRECEDING) AS session_no
  FROM gaps
)
SELECT TOP (${SESSIONS_N})
  MIN(local_start) AS local_start,
  COUNT_BIG(*) AS plays,
  SUM(minutes_played) AS minutes_played,
  DATEDIFF(SECOND, MIN(played_at_utc), MAX(played_at_utc)) / 60.0 AS span_minutes
FROM sessions
GROUP BY session_no
ORDER BY minutes_played DESC, plays DESC, local_start`,

    podcast_plays: `SELECT
  COUNT_BIG(*) AS plays,
  COUNT_BIG(DISTINCT track_id) AS episodes
FROM [${schema}].v_podcast_plays WHERE account_id = @account AND local_date >= @from AND local_date < @to`,

    first_play: `SELECT TOP (1)
  CONVERT(CHAR(10), local_date, 23) AS day,
  local_time,
  track_name,
  artist_name
FROM ${period}
ORDER BY played_at_utc`,
  };
}

/** The most played members of one kind (artist, track or album) in the period, with their artist. */
function top(period: string, member: 'artist' | 'track' | 'album'): string {
  const artist = member === 'artist' ? 'NULL' : 'MAX(artist_name)';
  return `SELECT TOP (${TOP_N})
  ${member}_id AS id,
  MAX(${member}_name) AS name,
  ${artist} AS artist_name,
  COUNT_BIG(*) AS plays,
  SUM(minutes_played) AS minutes_played
FROM ${period}
GROUP BY ${member}_id
ORDER BY plays DESC, minutes_played DESC, ${member}_id`;
}
