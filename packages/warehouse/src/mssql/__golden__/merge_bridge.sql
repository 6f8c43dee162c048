WITH scoped AS (
  SELECT b.track_id, b.artist_position, b.artist_id, b.updated_at
  FROM [spotify].bridge_track_artist AS b WITH (HOLDLOCK)
  WHERE b.track_id IN (SELECT k.id COLLATE Latin1_General_100_BIN2 FROM OPENJSON(@tracks) WITH (id NVARCHAR(128) '$') AS k)
)
MERGE scoped AS t
USING (
  SELECT j.track_id COLLATE Latin1_General_100_BIN2 AS track_id, j.artist_position, j.artist_id COLLATE Latin1_General_100_BIN2 AS artist_id
  FROM OPENJSON(@rows) WITH (track_id NVARCHAR(128) '$[0]', artist_position SMALLINT '$[1]', artist_id NVARCHAR(128) '$[2]') AS j
) AS s
ON t.track_id = s.track_id AND t.artist_position = s.artist_position
WHEN MATCHED AND t.artist_id <> s.artist_id THEN
  UPDATE SET artist_id = s.artist_id, updated_at = SYSUTCDATETIME()
WHEN NOT MATCHED BY TARGET THEN
  INSERT (track_id, artist_position, artist_id, updated_at) VALUES (s.track_id, s.artist_position, s.artist_id, SYSUTCDATETIME())
WHEN NOT MATCHED BY SOURCE THEN
  DELETE
OUTPUT $action;
