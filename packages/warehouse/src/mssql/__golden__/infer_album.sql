MERGE [spotify].dim_album WITH (HOLDLOCK) AS t
USING (
  SELECT j.album_id COLLATE Latin1_General_100_BIN2 AS album_id, j.name, j.primary_artist_id COLLATE Latin1_General_100_BIN2 AS primary_artist_id
  FROM OPENJSON(@rows) WITH (album_id NVARCHAR(128) '$[0]', name NVARCHAR(MAX) '$[1]', primary_artist_id NVARCHAR(128) '$[2]') AS j
) AS s
ON t.album_id = s.album_id
WHEN NOT MATCHED BY TARGET THEN
  INSERT (album_id, name, primary_artist_id, is_inferred, updated_at) VALUES (s.album_id, s.name, s.primary_artist_id, 1, SYSUTCDATETIME());
