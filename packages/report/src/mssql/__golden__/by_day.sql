SELECT
  CONVERT(CHAR(10), local_date, 23) AS day,
  COUNT_BIG(*) AS plays,
  SUM(minutes_played) AS minutes_played
FROM [spotify].v_plays WHERE account_id = @account AND local_date >= @from AND local_date < @to
GROUP BY local_date
ORDER BY local_date
