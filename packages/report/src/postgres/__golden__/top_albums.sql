SELECT
  album_id AS id,
  max(album_name) AS name,
  max(artist_name) AS artist_name,
  count(*) AS plays,
  sum(minutes_played) AS minutes_played
FROM "spotify".v_plays WHERE account_id = $1 AND local_date >= $2::date AND local_date < $3::date
GROUP BY album_id
ORDER BY plays DESC, minutes_played DESC, album_id
LIMIT 10
