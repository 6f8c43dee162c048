SELECT TOP (10)
  album_id AS id,
  MAX(album_name) AS name,
  MAX(artist_name) AS artist_name,
  COUNT_BIG(*) AS plays,
  SUM(minutes_played) AS minutes_played
FROM [spotify].v_plays WHERE account_id = @account AND local_date >= @from AND local_date < @to
GROUP BY album_id
ORDER BY plays DESC, minutes_played DESC, album_id
