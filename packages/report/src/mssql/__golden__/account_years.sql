SELECT
  account_id,
  MAX(account_name) AS account_name,
  local_year,
  COUNT_BIG(*) AS plays
FROM [spotify].v_plays
WHERE account_id = @account
GROUP BY account_id, local_year
ORDER BY local_year
