MERGE [spotify].fact_play WITH (HOLDLOCK) AS t
USING (
  SELECT j.account_id COLLATE Latin1_General_100_BIN2 AS account_id, j.played_at, j.date_key, j.time_key, j.track_id COLLATE Latin1_General_100_BIN2 AS track_id, j.album_id COLLATE Latin1_General_100_BIN2 AS album_id, j.primary_artist_id COLLATE Latin1_General_100_BIN2 AS primary_artist_id, j.context_type, j.context_uri, j.ms_played, j.source, j.reason_start, j.reason_end, j.shuffle, j.skipped, j.offline
  FROM OPENJSON(@rows) WITH (account_id NVARCHAR(128) '$[0]', played_at DATETIME2(3) '$[1]', date_key INT '$[2]', time_key SMALLINT '$[3]', track_id NVARCHAR(128) '$[4]', album_id NVARCHAR(128) '$[5]', primary_artist_id NVARCHAR(128) '$[6]', context_type NVARCHAR(MAX) '$[7]', context_uri NVARCHAR(MAX) '$[8]', ms_played BIGINT '$[9]', source NVARCHAR(MAX) '$[10]', reason_start NVARCHAR(MAX) '$[11]', reason_end NVARCHAR(MAX) '$[12]', shuffle BIT '$[13]', skipped BIT '$[14]', offline BIT '$[15]') AS j
) AS s
ON t.account_id = s.account_id AND t.played_at = s.played_at
WHEN NOT MATCHED BY TARGET THEN
  INSERT (account_id, played_at, date_key, time_key, track_id, album_id, primary_artist_id, context_type, context_uri, ms_played, source, reason_start, reason_end, shuffle, skipped, offline, loaded_at) VALUES (s.account_id, s.played_at, s.date_key, s.time_key, s.track_id, s.album_id, s.primary_artist_id, s.context_type, s.context_uri, s.ms_played, s.source, s.reason_start, s.reason_end, s.shuffle, s.skipped, s.offline, SYSUTCDATETIME());
