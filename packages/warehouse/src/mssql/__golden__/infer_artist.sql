MERGE [spotify].dim_artist WITH (HOLDLOCK) AS t
USING (
  SELECT j.id COLLATE Latin1_General_100_BIN2 AS artist_id
  FROM OPENJSON(@rows) WITH (id NVARCHAR(128) '$') AS j
) AS s
ON t.artist_id = s.artist_id
WHEN NOT MATCHED BY TARGET THEN
  INSERT (artist_id, is_inferred, updated_at) VALUES (s.artist_id, 1, SYSUTCDATETIME());
