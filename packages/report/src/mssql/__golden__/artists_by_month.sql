WITH first_heard AS (
  SELECT artist_id, MIN(local_year * 100 + local_month) AS first_month
  FROM [spotify].v_plays
  WHERE account_id = @account
  GROUP BY artist_id
), heard AS (
  SELECT DISTINCT local_year * 100 + local_month AS year_month, artist_id
  FROM [spotify].v_plays WHERE account_id = @account AND local_date >= @from AND local_date < @to
)
SELECT
  h.year_month,
  SUM(CASE WHEN f.first_month = h.year_month THEN 1 ELSE 0 END) AS new_artists,
  SUM(CASE WHEN f.first_month < h.year_month THEN 1 ELSE 0 END) AS known_artists
FROM heard AS h
JOIN first_heard AS f ON f.artist_id = h.artist_id OR (f.artist_id IS NULL AND h.artist_id IS NULL)
GROUP BY h.year_month
ORDER BY h.year_month
