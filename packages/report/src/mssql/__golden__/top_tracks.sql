SELECT TOP (10)
  track_id AS id,
  MAX(track_name) AS name,
  MAX(artist_name) AS artist_name,
  COUNT_BIG(*) AS plays,
  SUM(minutes_played) AS minutes_played
FROM [spotify].v_plays WHERE account_id = @account AND local_date >= @from AND local_date < @to
GROUP BY track_id
ORDER BY plays DESC, minutes_played DESC, track_id
