MERGE [spotify].dim_track WITH (HOLDLOCK) AS t
USING (
  SELECT j.track_id COLLATE Latin1_General_100_BIN2 AS track_id, j.name, j.uri, j.duration_ms, j.explicit, j.disc_number, j.track_number, j.album_id COLLATE Latin1_General_100_BIN2 AS album_id, j.isrc, CAST(0 AS BIT) AS is_unresolved, CAST(0 AS BIT) AS is_inferred
  FROM OPENJSON(@rows) WITH (track_id NVARCHAR(128) '$[0]', name NVARCHAR(MAX) '$[1]', uri NVARCHAR(MAX) '$[2]', duration_ms INT '$[3]', explicit BIT '$[4]', disc_number INT '$[5]', track_number INT '$[6]', album_id NVARCHAR(128) '$[7]', isrc NVARCHAR(MAX) '$[8]') AS j
  UNION ALL
  SELECT j.track_id COLLATE Latin1_General_100_BIN2 AS track_id, j.name, NULL AS uri, NULL AS duration_ms, NULL AS explicit, NULL AS disc_number, NULL AS track_number, j.album_id COLLATE Latin1_General_100_BIN2 AS album_id, NULL AS isrc, j.is_unresolved, CAST(1 AS BIT) AS is_inferred
  FROM OPENJSON(@inferred) WITH (track_id NVARCHAR(128) '$[0]', name NVARCHAR(MAX) '$[1]', album_id NVARCHAR(128) '$[2]', is_unresolved BIT '$[3]') AS j
) AS s
ON t.track_id = s.track_id
WHEN MATCHED AND s.is_inferred = 0 AND (t.is_inferred = 1 OR EXISTS (SELECT s.name COLLATE Latin1_General_100_BIN2, s.uri COLLATE Latin1_General_100_BIN2, s.duration_ms, s.explicit, s.disc_number, s.track_number, s.album_id COLLATE Latin1_General_100_BIN2, s.isrc COLLATE Latin1_General_100_BIN2 EXCEPT SELECT t.name COLLATE Latin1_General_100_BIN2, t.uri COLLATE Latin1_General_100_BIN2, t.duration_ms, t.explicit, t.disc_number, t.track_number, t.album_id COLLATE Latin1_General_100_BIN2, t.isrc COLLATE Latin1_General_100_BIN2)) THEN
  UPDATE SET name = s.name, uri = s.uri, duration_ms = s.duration_ms, explicit = s.explicit, disc_number = s.disc_number, track_number = s.track_number, album_id = s.album_id, isrc = s.isrc, is_inferred = 0, updated_at = SYSUTCDATETIME()
WHEN NOT MATCHED BY TARGET THEN
  INSERT (track_id, name, uri, duration_ms, explicit, disc_number, track_number, album_id, isrc, is_unresolved, is_inferred, updated_at) VALUES (s.track_id, s.name, s.uri, s.duration_ms, s.explicit, s.disc_number, s.track_number, s.album_id, s.isrc, s.is_unresolved, s.is_inferred, SYSUTCDATETIME())
OUTPUT $action, inserted.is_inferred;
