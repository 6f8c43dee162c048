import { type ReportStatements, SESSION_GAP_MINUTES, SESSIONS_N, TOP_N } from '../queries.ts';
import { assertSchemaName } from '../schema-name.ts';

/**
 * The report's statements for PostgreSQL. $1 = account id, $2 = first local date, $3 = the local
 * date after the last. Dates come back as ISO strings (to_char), so no driver turns a calendar day
 * into a midnight in the server's time zone; counts and sums come back as text (bigint, numeric) and
 * are converted by the loader.
 */
export function postgresReportStatements(schema: string): ReportStatements {
  assertSchemaName(schema);
  const plays = `"${schema}".v_plays`;
  const period = `${plays} WHERE account_id = $1 AND local_date >= $2::date AND local_date < $3::date`;
  return {
    accounts: `SELECT
  account_id,
  max(account_name) AS account_name,
  local_year,
  count(*) AS plays
FROM ${plays}
GROUP BY account_id, local_year
ORDER BY account_id, local_year`,

    account_years: `SELECT
  account_id,
  max(account_name) AS account_name,
  local_year,
  count(*) AS plays
FROM ${plays}
WHERE account_id = $1
GROUP BY account_id, local_year
ORDER BY local_year`,

    totals: `SELECT
  count(*) AS plays,
  coalesce(sum(minutes_played), 0) AS minutes_played,
  count(DISTINCT track_id) AS tracks,
  count(DISTINCT artist_id) AS artists,
  count(DISTINCT album_id) AS albums,
  count(DISTINCT local_date) AS days_listened,
  count(skipped) AS skip_known,
  sum(CASE WHEN skipped THEN 1 ELSE 0 END) AS skipped,
  count(reason_end) AS end_known,
  sum(CASE WHEN reason_end = 'trackdone' THEN 1 ELSE 0 END) AS completed,
  sum(CASE WHEN ms_played_is_estimate THEN 1 ELSE 0 END) AS estimated,
  max(account_name) AS account_name,
  max(account_time_zone) AS time_zone
FROM ${period}`,

    by_day: `SELECT
  to_char(local_date, 'YYYY-MM-DD') AS day,
  count(*) AS plays,
  sum(minutes_played) AS minutes_played
FROM ${period}
GROUP BY local_date
ORDER BY local_date`,

    by_week: `SELECT
  iso_year,
  iso_week,
  to_char(min(local_date), 'YYYY-MM-DD') AS first_day,
  count(*) AS plays,
  sum(minutes_played) AS minutes_played
FROM ${period}
GROUP BY iso_year, iso_week
ORDER BY iso_year, iso_week`,

    top_artists: top(period, 'artist'),

    top_tracks: top(period, 'track'),

    top_albums: top(period, 'album'),

    heatmap: `SELECT
  local_weekday AS weekday,
  local_hour AS hour,
  count(*) AS plays
FROM ${period}
GROUP BY local_weekday, local_hour
ORDER BY local_weekday, local_hour`,

    artists_by_month: `WITH first_heard AS (
  SELECT artist_id, min(local_year * 100 + local_month) AS first_month
  FROM ${plays}
  WHERE account_id = $1
  GROUP BY artist_id
), heard AS (
  SELECT DISTINCT local_year * 100 + local_month AS year_month, artist_id
  FROM ${period}
)
SELECT
  h.year_month,
  sum(CASE WHEN f.first_month = h.year_month THEN 1 ELSE 0 END) AS new_artists,
  sum(CASE WHEN f.first_month < h.year_month THEN 1 ELSE 0 END) AS known_artists
FROM heard h
JOIN first_heard f ON f.artist_id IS NOT DISTINCT FROM h.artist_id
GROUP BY h.year_month
ORDER BY h.year_month`,

    longest_sessions: `WITH gaps AS (
  SELECT
    played_at_utc,
    to_char(local_date, 'YYYY-MM-DD') || ' ' || local_time AS local_start,
    minutes_played,
    CASE
      WHEN played_at_utc - lag(played_at_utc) OVER (ORDER BY played_at_utc) <= interval '${SESSION_GAP_MINUTES} minutes' THEN 0
      ELSE 1
    END AS starts_session
  FROM ${period}
), sessions AS (
  SELECT *, sum(starts_session) OVER (ORDER BY played_at_utc ROWS UNBOUNDED PRECEDING) AS session_no
  FROM gaps
)
SELECT
  min(local_start) AS local_start,
  count(*) AS plays,
  sum(minutes_played) AS minutes_played,
  extract(epoch FROM max(played_at_utc) - min(played_at_utc)) / 60.0 AS span_minutes
FROM sessions
GROUP BY session_no
ORDER BY minutes_played DESC, plays DESC, local_start
LIMIT ${SESSIONS_N}`,

    podcast_plays: `SELECT
  count(*) AS plays,
  count(DISTINCT track_id) AS episodes
FROM "${schema}".v_podcast_plays WHERE account_id = $1 AND local_date >= $2::date AND local_date < $3::date`,

    first_play: `SELECT
  to_char(local_date, 'YYYY-MM-DD') AS day,
  local_time,
  track_name,
  artist_name
FROM ${period}
ORDER BY played_at_utc
LIMIT 1`,
  };
}

/** The most played members of one kind (artist, track or album) in the period, with their artist. */
function top(period: string, member: 'artist' | 'track' | 'album'): string {
  const artist = member === 'artist' ? 'NULL' : 'max(artist_name)';
  return `SELECT
  ${member}_id AS id,
  max(${member}_name) AS name,
  ${artist} AS artist_name,
  count(*) AS plays,
  sum(minutes_played) AS minutes_played
FROM ${period}
GROUP BY ${member}_id
ORDER BY plays DESC, minutes_played DESC, ${member}_id
LIMIT ${TOP_N}`;
}
