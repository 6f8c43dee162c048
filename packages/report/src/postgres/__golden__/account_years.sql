SELECT
  account_id,
  max(account_name) AS account_name,
  local_year,
  count(*) AS plays
FROM "spotify".v_plays
WHERE account_id = $1
GROUP BY account_id, local_year
ORDER BY local_year
