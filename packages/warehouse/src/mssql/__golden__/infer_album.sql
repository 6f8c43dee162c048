MERGE [spotify].dim_album WITH (HOLDLOCK) AS t
USING (
  SELECT j.id COLLATE Latin1_General_100_BIN2 AS album_id
  FROM OPENJSON(@rows) WITH (id NVARCHAR(128) '$') AS j
) AS s
ON t.album_id = s.album_id
WHEN NOT MATCHED BY TARGET THEN
  INSERT (album_id, is_inferred, updated_at) VALUES (s.album_id, 1, SYSUTCDATETIME());
