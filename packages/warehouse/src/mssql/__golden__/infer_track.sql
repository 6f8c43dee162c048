MERGE [spotify].dim_track WITH (HOLDLOCK) AS t
USING (
  SELECT j.id COLLATE Latin1_General_100_BIN2 AS track_id
  FROM OPENJSON(@rows) WITH (id NVARCHAR(128) '$') AS j
) AS s
ON t.track_id = s.track_id
WHEN NOT MATCHED BY TARGET THEN
  INSERT (track_id, is_inferred, updated_at) VALUES (s.track_id, 1, SYSUTCDATETIME());
