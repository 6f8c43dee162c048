MERGE [spotify].dim_track WITH (HOLDLOCK) AS t
USING (
  SELECT j.track_id COLLATE Latin1_General_100_BIN2 AS track_id, j.name, j.album_id COLLATE Latin1_General_100_BIN2 AS album_id, j.is_unresolved
  FROM OPENJSON(@rows) WITH (track_id NVARCHAR(128) '$[0]', name NVARCHAR(MAX) '$[1]', album_id NVARCHAR(128) '$[2]', is_unresolved BIT '$[3]') AS j
) AS s
ON t.track_id = s.track_id
WHEN NOT MATCHED BY TARGET THEN
  INSERT (track_id, name, album_id, is_unresolved, is_inferred, updated_at) VALUES (s.track_id, s.name, s.album_id, s.is_unresolved, 1, SYSUTCDATETIME());
