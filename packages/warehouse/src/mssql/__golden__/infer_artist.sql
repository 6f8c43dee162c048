MERGE [spotify].dim_artist WITH (HOLDLOCK) AS t
USING (
  SELECT j.artist_id COLLATE Latin1_General_100_BIN2 AS artist_id, j.name
  FROM OPENJSON(@rows) WITH (artist_id NVARCHAR(128) '$[0]', name NVARCHAR(MAX) '$[1]') AS j
) AS s
ON t.artist_id = s.artist_id
WHEN NOT MATCHED BY TARGET THEN
  INSERT (artist_id, name, is_inferred, updated_at) VALUES (s.artist_id, s.name, 1, SYSUTCDATETIME());
