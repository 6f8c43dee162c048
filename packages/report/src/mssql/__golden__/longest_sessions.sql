WITH gaps AS (
  SELECT
    played_at_utc,
    CONVERT(CHAR(10), local_date, 23) + ' ' + local_time AS local_start,
    minutes_played,
    CASE
      WHEN DATEDIFF(SECOND, LAG(played_at_utc) OVER (ORDER BY played_at_utc), played_at_utc) <= 1800 THEN 0
      ELSE 1
    END AS starts_session
  FROM [spotify].v_plays WHERE account_id = @account AND local_date >= @from AND local_date < @to
), sessions AS (
  SELECT
    local_start,
    played_at_utc,
    minutes_played,
    SUM(starts_session) OVER (ORDER BY played_at_utc ROWS UNBOUNDED PRECEDING) AS session_no
  FROM gaps
)
SELECT TOP (5)
  MIN(local_start) AS local_start,
  COUNT_BIG(*) AS plays,
  SUM(minutes_played) AS minutes_played,
  DATEDIFF(SECOND, MIN(played_at_utc), MAX(played_at_utc)) / 60.0 AS span_minutes
FROM sessions
GROUP BY session_no
ORDER BY minutes_played DESC, plays DESC, local_start
