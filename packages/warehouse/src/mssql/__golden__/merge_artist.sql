MERGE [spotify].dim_artist WITH (HOLDLOCK) AS t
USING (
  SELECT j.artist_id COLLATE Latin1_General_100_BIN2 AS artist_id, j.name, j.uri, CAST(0 AS BIT) AS is_inferred
  FROM OPENJSON(@rows) WITH (artist_id NVARCHAR(128) '$[0]', name NVARCHAR(MAX) '$[1]', uri NVARCHAR(MAX) '$[2]') AS j
  UNION ALL
  SELECT j.artist_id COLLATE Latin1_General_100_BIN2 AS artist_id, j.name, NULL AS uri, CAST(1 AS BIT) AS is_inferred
  FROM OPENJSON(@inferred) WITH (artist_id NVARCHAR(128) '$[0]', name NVARCHAR(MAX) '$[1]') AS j
) AS s
ON t.artist_id = s.artist_id
WHEN MATCHED AND s.is_inferred = 0 AND (t.is_inferred = 1 OR EXISTS (SELECT s.name COLLATE Latin1_General_100_BIN2, s.uri COLLATE Latin1_General_100_BIN2 EXCEPT SELECT t.name COLLATE Latin1_General_100_BIN2, t.uri COLLATE Latin1_General_100_BIN2)) THEN
  UPDATE SET name = s.name, uri = s.uri, is_inferred = 0, updated_at = SYSUTCDATETIME()
WHEN NOT MATCHED BY TARGET THEN
  INSERT (artist_id, name, uri, is_inferred, updated_at) VALUES (s.artist_id, s.name, s.uri, s.is_inferred, SYSUTCDATETIME())
OUTPUT $action, inserted.is_inferred;
