SELECT
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
FROM "spotify".v_plays WHERE account_id = $1 AND local_date >= $2::date AND local_date < $3::date
