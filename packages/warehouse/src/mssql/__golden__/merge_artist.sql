MERGE [spotify].dim_artist WITH (HOLDLOCK) AS t
USING (
  SELECT j.artist_id COLLATE Latin1_General_100_BIN2 AS artist_id, j.name, j.uri
  FROM OPENJSON(@rows) WITH (artist_id NVARCHAR(128) '$[0]', name NVARCHAR(MAX) '$[1]', uri NVARCHAR(MAX) '$[2]') AS j
) AS s
ON t.artist_id = s.artist_id
WHEN MATCHED AND (t.is_inferred = 1 OR EXISTS (SELECT s.name COLLATE Latin1_General_100_BIN2, s.uri COLLATE Latin1_General_100_BIN2 EXCEPT SELECT t.name COLLATE Latin1_General_100_BIN2, t.uri COLLATE Latin1_General_100_BIN2)) THEN
  UPDATE SET name = s.name, uri = s.uri, is_inferred = 0, updated_at = SYSUTCDATETIME()
WHEN NOT MATCHED BY TARGET THEN
  INSERT (artist_id, name, uri, is_inferred, updated_at) VALUES (s.artist_id, s.name, s.uri, 0, SYSUTCDATETIME())
OUTPUT $action;
