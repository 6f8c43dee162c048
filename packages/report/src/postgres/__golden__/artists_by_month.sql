WITH first_heard AS (
  SELECT artist_id, min(local_year * 100 + local_month) AS first_month
  FROM "spotify".v_plays
  WHERE account_id = $1
  GROUP BY artist_id
), heard AS (
  SELECT DISTINCT local_year * 100 + local_month AS year_month, artist_id
  FROM "spotify".v_plays WHERE account_id = $1 AND local_date >= $2::date AND local_date < $3::date
)
SELECT
  h.year_month,
  sum(CASE WHEN f.first_month = h.year_month THEN 1 ELSE 0 END) AS new_artists,
  sum(CASE WHEN f.first_month < h.year_month THEN 1 ELSE 0 END) AS known_artists
FROM heard h
JOIN first_heard f ON f.artist_id IS NOT DISTINCT FROM h.artist_id
GROUP BY h.year_month
ORDER BY h.year_month
