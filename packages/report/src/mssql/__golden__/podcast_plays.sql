SELECT
  COUNT_BIG(*) AS plays,
  COUNT_BIG(DISTINCT track_id) AS episodes
FROM [spotify].v_podcast_plays WHERE account_id = @account AND local_date >= @from AND local_date < @to
