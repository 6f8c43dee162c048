SELECT
  iso_year,
  iso_week,
  CONVERT(CHAR(10), MIN(local_date), 23) AS first_day,
  COUNT_BIG(*) AS plays,
  SUM(minutes_played) AS minutes_played
FROM [spotify].v_plays WHERE account_id = @account AND local_date >= @from AND local_date < @to
GROUP BY iso_year, iso_week
ORDER BY iso_year, iso_week
