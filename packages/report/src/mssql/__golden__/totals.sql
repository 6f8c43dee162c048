SELECT
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
FROM [spotify].v_plays WHERE account_id = @account AND local_date >= @from AND local_date < @to
