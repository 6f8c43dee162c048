WITH gaps AS (
  SELECT
    played_at_utc,
    to_char(local_date, 'YYYY-MM-DD') || ' ' || local_time AS local_start,
    minutes_played,
    CASE
      WHEN played_at_utc - lag(played_at_utc) OVER (ORDER BY played_at_utc) <= interval '30 minutes' THEN 0
      ELSE 1
    END AS starts_session
  FROM "spotify".v_plays WHERE account_id = $1 AND local_date >= $2::date AND local_date < $3::date
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
LIMIT 5
