SELECT
  artist_id AS id,
  max(artist_name) AS name,
  NULL AS artist_name,
  count(*) AS plays,
  sum(minutes_played) AS minutes_played
FROM "spotify".v_plays WHERE account_id = $1 AND local_date >= $2::date AND local_date < $3::date
GROUP BY artist_id
ORDER BY plays DESC, minutes_played DESC, artist_id
LIMIT 10
