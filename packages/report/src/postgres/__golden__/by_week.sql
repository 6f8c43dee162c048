SELECT
  iso_year,
  iso_week,
  to_char(min(local_date), 'YYYY-MM-DD') AS first_day,
  count(*) AS plays,
  sum(minutes_played) AS minutes_played
FROM "spotify".v_plays WHERE account_id = $1 AND local_date >= $2::date AND local_date < $3::date
GROUP BY iso_year, iso_week
ORDER BY iso_year, iso_week
