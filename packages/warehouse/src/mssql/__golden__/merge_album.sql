MERGE [spotify].dim_album WITH (HOLDLOCK) AS t
USING (
  SELECT j.album_id COLLATE Latin1_General_100_BIN2 AS album_id, j.name, j.uri, j.album_type, j.release_date, j.release_date_precision, j.release_year, j.total_tracks, j.image_url, j.primary_artist_id COLLATE Latin1_General_100_BIN2 AS primary_artist_id, CAST(0 AS BIT) AS is_inferred
  FROM OPENJSON(@rows) WITH (album_id NVARCHAR(128) '$[0]', name NVARCHAR(MAX) '$[1]', uri NVARCHAR(MAX) '$[2]', album_type NVARCHAR(MAX) '$[3]', release_date NVARCHAR(MAX) '$[4]', release_date_precision NVARCHAR(MAX) '$[5]', release_year INT '$[6]', total_tracks INT '$[7]', image_url NVARCHAR(MAX) '$[8]', primary_artist_id NVARCHAR(128) '$[9]') AS j
  UNION ALL
  SELECT j.album_id COLLATE Latin1_General_100_BIN2 AS album_id, j.name, NULL AS uri, NULL AS album_type, NULL AS release_date, NULL AS release_date_precision, NULL AS release_year, NULL AS total_tracks, NULL AS image_url, j.primary_artist_id COLLATE Latin1_General_100_BIN2 AS primary_artist_id, CAST(1 AS BIT) AS is_inferred
  FROM OPENJSON(@inferred) WITH (album_id NVARCHAR(128) '$[0]', name NVARCHAR(MAX) '$[1]', primary_artist_id NVARCHAR(128) '$[2]') AS j
) AS s
ON t.album_id = s.album_id
WHEN MATCHED AND s.is_inferred = 0 AND (t.is_inferred = 1 OR EXISTS (SELECT s.name COLLATE Latin1_General_100_BIN2, s.uri COLLATE Latin1_General_100_BIN2, s.album_type COLLATE Latin1_General_100_BIN2, s.release_date COLLATE Latin1_General_100_BIN2, s.release_date_precision COLLATE Latin1_General_100_BIN2, s.release_year, s.total_tracks, s.image_url COLLATE Latin1_General_100_BIN2, s.primary_artist_id COLLATE Latin1_General_100_BIN2 EXCEPT SELECT t.name COLLATE Latin1_General_100_BIN2, t.uri COLLATE Latin1_General_100_BIN2, t.album_type COLLATE Latin1_General_100_BIN2, t.release_date COLLATE Latin1_General_100_BIN2, t.release_date_precision COLLATE Latin1_General_100_BIN2, t.release_year, t.total_tracks, t.image_url COLLATE Latin1_General_100_BIN2, t.primary_artist_id COLLATE Latin1_General_100_BIN2)) THEN
  UPDATE SET name = s.name, uri = s.uri, album_type = s.album_type, release_date = s.release_date, release_date_precision = s.release_date_precision, release_year = s.release_year, total_tracks = s.total_tracks, image_url = s.image_url, primary_artist_id = s.primary_artist_id, is_inferred = 0, updated_at = SYSUTCDATETIME()
WHEN NOT MATCHED BY TARGET THEN
  INSERT (album_id, name, uri, album_type, release_date, release_date_precision, release_year, total_tracks, image_url, primary_artist_id, is_inferred, updated_at) VALUES (s.album_id, s.name, s.uri, s.album_type, s.release_date, s.release_date_precision, s.release_year, s.total_tracks, s.image_url, s.primary_artist_id, s.is_inferred, SYSUTCDATETIME())
OUTPUT $action, inserted.is_inferred;
