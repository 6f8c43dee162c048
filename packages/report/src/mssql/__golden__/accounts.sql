SELECT
  account_id,
  MAX(account_name) AS account_name,
  local_year,
  COUNT_BIG(*) AS plays
FROM [spotify].v_plays
GROUP BY account_id, local_year
ORDER BY account_id, local_year
