SELECT TOP (10)
  artist_id AS id,
  MAX(artist_name) AS name,
  NULL AS artist_name,
  COUNT_BIG(*) AS plays,
  SUM(minutes_played) AS minutes_played
FROM [spotify].v_plays WHERE account_id = @account AND local_date >= @from AND local_date < @to
GROUP BY artist_id
ORDER BY plays DESC, minutes_played DESC, artist_id
