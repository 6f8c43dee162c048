SELECT
  local_weekday AS weekday,
  local_hour AS hour,
  COUNT_BIG(*) AS plays
FROM [spotify].v_plays WHERE account_id = @account AND local_date >= @from AND local_date < @to
GROUP BY local_weekday, local_hour
ORDER BY local_weekday, local_hour
