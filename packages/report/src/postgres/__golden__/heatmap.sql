SELECT
  local_weekday AS weekday,
  local_hour AS hour,
  count(*) AS plays
FROM "spotify".v_plays WHERE account_id = $1 AND local_date >= $2::date AND local_date < $3::date
GROUP BY local_weekday, local_hour
ORDER BY local_weekday, local_hour
