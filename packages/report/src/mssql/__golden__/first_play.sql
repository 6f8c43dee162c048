SELECT TOP (1)
  CONVERT(CHAR(10), local_date, 23) AS day,
  local_time,
  track_name,
  artist_name
FROM [spotify].v_plays WHERE account_id = @account AND local_date >= @from AND local_date < @to
ORDER BY played_at_utc
