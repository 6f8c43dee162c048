SELECT
  to_char(local_date, 'YYYY-MM-DD') AS day,
  count(*) AS plays,
  sum(minutes_played) AS minutes_played
FROM "spotify".v_plays WHERE account_id = $1 AND local_date >= $2::date AND local_date < $3::date
GROUP BY local_date
ORDER BY local_date
