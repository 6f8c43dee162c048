SELECT
  to_char(local_date, 'YYYY-MM-DD') AS day,
  local_time,
  track_name,
  artist_name
FROM "spotify".v_plays WHERE account_id = $1 AND local_date >= $2::date AND local_date < $3::date
ORDER BY played_at_utc
LIMIT 1
