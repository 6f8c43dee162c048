MERGE [spotify].dim_account WITH (HOLDLOCK) AS t
USING (
  SELECT j.account_id COLLATE Latin1_General_100_BIN2 AS account_id, j.display_name, j.country, j.time_zone, CAST(0 AS BIT) AS is_inferred
  FROM OPENJSON(@rows) WITH (account_id NVARCHAR(128) '$[0]', display_name NVARCHAR(MAX) '$[1]', country NVARCHAR(MAX) '$[2]', time_zone NVARCHAR(MAX) '$[3]') AS j
  UNION ALL
  SELECT j.account_id COLLATE Latin1_General_100_BIN2 AS account_id, NULL AS display_name, NULL AS country, NULL AS time_zone, CAST(1 AS BIT) AS is_inferred
  FROM OPENJSON(@inferred) WITH (account_id NVARCHAR(128) '$[0]') AS j
) AS s
ON t.account_id = s.account_id
WHEN MATCHED AND s.is_inferred = 0 AND (t.is_inferred = 1 OR EXISTS (SELECT s.display_name COLLATE Latin1_General_100_BIN2, s.country COLLATE Latin1_General_100_BIN2, s.time_zone COLLATE Latin1_General_100_BIN2 EXCEPT SELECT t.display_name COLLATE Latin1_General_100_BIN2, t.country COLLATE Latin1_General_100_BIN2, t.time_zone COLLATE Latin1_General_100_BIN2)) THEN
  UPDATE SET display_name = s.display_name, country = s.country, time_zone = s.time_zone, is_inferred = 0, updated_at = SYSUTCDATETIME()
WHEN NOT MATCHED BY TARGET THEN
  INSERT (account_id, display_name, country, time_zone, is_inferred, updated_at) VALUES (s.account_id, s.display_name, s.country, s.time_zone, s.is_inferred, SYSUTCDATETIME())
OUTPUT $action, inserted.is_inferred;
