MERGE [spotify].dim_account WITH (HOLDLOCK) AS t
USING (
  SELECT j.account_id COLLATE Latin1_General_100_BIN2 AS account_id
  FROM OPENJSON(@rows) WITH (account_id NVARCHAR(128) '$[0]') AS j
) AS s
ON t.account_id = s.account_id
WHEN NOT MATCHED BY TARGET THEN
  INSERT (account_id, is_inferred, updated_at) VALUES (s.account_id, 1, SYSUTCDATETIME());
