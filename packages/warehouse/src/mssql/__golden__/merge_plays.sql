WITH staged AS (
  SELECT j.account_id COLLATE Latin1_General_100_BIN2 AS account_id, j.played_at, j.date_key, j.time_key, j.track_id COLLATE Latin1_General_100_BIN2 AS track_id, j.album_id COLLATE Latin1_General_100_BIN2 AS album_id, j.primary_artist_id COLLATE Latin1_General_100_BIN2 AS primary_artist_id, j.context_type, j.context_uri, j.ms_played, j.source, j.reason_start, j.reason_end, j.shuffle, j.skipped, j.offline, j.history_played_at
  FROM OPENJSON(@rows) WITH (account_id NVARCHAR(128) '$[0]', played_at DATETIME2(3) '$[1]', date_key INT '$[2]', time_key SMALLINT '$[3]', track_id NVARCHAR(128) '$[4]', album_id NVARCHAR(128) '$[5]', primary_artist_id NVARCHAR(128) '$[6]', context_type NVARCHAR(MAX) '$[7]', context_uri NVARCHAR(MAX) '$[8]', ms_played BIGINT '$[9]', source NVARCHAR(MAX) '$[10]', reason_start NVARCHAR(MAX) '$[11]', reason_end NVARCHAR(MAX) '$[12]', shuffle BIT '$[13]', skipped BIT '$[14]', offline BIT '$[15]', history_played_at DATETIME2(3) '$[16]') AS j
), windowed AS (
  SELECT s.*, CASE WHEN d.duration_ms > 0 AND d.duration_ms < CAST(@tolerance AS INT) THEN d.duration_ms ELSE CAST(@tolerance AS INT) END AS tolerance_ms
  FROM staged AS s LEFT JOIN [spotify].dim_track AS d ON d.track_id = s.track_id
), claimed AS (
  SELECT w.*, c.row_at,
    ROW_NUMBER() OVER (PARTITION BY w.account_id, c.row_at ORDER BY ABS(DATEDIFF_BIG(millisecond, c.row_at, w.played_at)), w.played_at) AS claim
  FROM windowed AS w
  OUTER APPLY (
    SELECT TOP (1) x.played_at AS row_at
    FROM (
      SELECT f.played_at, f.history_played_at
      FROM [spotify].fact_play AS f WITH (UPDLOCK, HOLDLOCK)
      WHERE f.account_id = w.account_id AND f.played_at = w.played_at AND f.track_id = w.track_id
        AND ((f.source = N'api' AND w.source = N'api')
          OR (f.history_played_at = w.history_played_at AND EXISTS (SELECT f.ms_played INTERSECT SELECT w.ms_played))
          OR (f.source = N'api' AND f.history_played_at IS NULL AND w.source = N'history_import')
          OR (f.source = N'history_import' AND w.source = N'api' AND w.history_played_at IS NULL))
      UNION ALL
      SELECT f.played_at, f.history_played_at
      FROM [spotify].fact_play AS f WITH (UPDLOCK, HOLDLOCK)
      WHERE w.source = N'api' AND w.history_played_at IS NULL
        AND f.source = N'history_import' AND f.account_id = w.account_id AND f.track_id = w.track_id
        AND f.played_at BETWEEN DATEADD(millisecond, -w.tolerance_ms, w.played_at) AND DATEADD(millisecond, w.tolerance_ms, w.played_at)
      UNION ALL
      SELECT f.played_at, f.history_played_at
      FROM [spotify].fact_play AS f WITH (UPDLOCK, HOLDLOCK)
      WHERE (w.history_played_at IS NOT NULL OR w.source = N'history_import')
        AND f.account_id = w.account_id AND f.track_id = w.track_id
        AND f.played_at BETWEEN DATEADD(millisecond, -w.tolerance_ms, w.played_at) AND DATEADD(millisecond, w.tolerance_ms, w.played_at)
        AND (((f.history_played_at = w.history_played_at OR (f.history_is_legacy = 1 AND DATEDIFF_BIG(second, '1970-01-01', f.history_played_at) = DATEDIFF_BIG(second, '1970-01-01', w.history_played_at)))
            AND EXISTS (SELECT f.ms_played INTERSECT SELECT w.ms_played))
          OR (f.source = N'api' AND f.history_played_at IS NULL AND w.source = N'history_import'))
    ) AS x
    ORDER BY CASE WHEN x.played_at = w.played_at OR x.history_played_at = w.history_played_at THEN 0 ELSE 1 END,
      ABS(DATEDIFF_BIG(millisecond, x.played_at, w.played_at)), x.played_at
  ) AS c
)
MERGE [spotify].fact_play WITH (HOLDLOCK) AS t
USING (
  SELECT account_id, played_at, date_key, time_key, track_id, album_id, primary_artist_id, context_type, context_uri, ms_played, source, reason_start, reason_end, shuffle, skipped, offline, history_played_at, CASE WHEN claim = 1 THEN row_at END AS row_at FROM claimed
) AS s
ON t.account_id = s.account_id AND t.played_at = COALESCE(s.row_at, s.played_at)
WHEN MATCHED AND s.row_at IS NOT NULL AND EXISTS (SELECT t.played_at, t.date_key, t.time_key, t.album_id COLLATE Latin1_General_100_BIN2, t.primary_artist_id COLLATE Latin1_General_100_BIN2, t.context_type COLLATE Latin1_General_100_BIN2, t.context_uri COLLATE Latin1_General_100_BIN2, t.source COLLATE Latin1_General_100_BIN2, t.ms_played, t.reason_start COLLATE Latin1_General_100_BIN2, t.reason_end COLLATE Latin1_General_100_BIN2, t.shuffle, t.skipped, t.offline, t.history_played_at EXCEPT SELECT CASE WHEN s.source = N'api' THEN s.played_at ELSE t.played_at END, CASE WHEN s.source = N'api' OR (t.source = N'history_import' AND t.played_at = s.played_at) THEN s.date_key ELSE t.date_key END, CASE WHEN s.source = N'api' OR (t.source = N'history_import' AND t.played_at = s.played_at) THEN s.time_key ELSE t.time_key END, CASE WHEN s.source = N'api' THEN s.album_id ELSE t.album_id END COLLATE Latin1_General_100_BIN2, CASE WHEN s.source = N'api' THEN s.primary_artist_id ELSE t.primary_artist_id END COLLATE Latin1_General_100_BIN2, CASE WHEN s.source = N'api' THEN s.context_type ELSE t.context_type END COLLATE Latin1_General_100_BIN2, CASE WHEN s.source = N'api' THEN s.context_uri ELSE t.context_uri END COLLATE Latin1_General_100_BIN2, CASE WHEN s.source = N'api' THEN s.source ELSE t.source END COLLATE Latin1_General_100_BIN2, CASE WHEN s.history_played_at IS NULL THEN t.ms_played ELSE s.ms_played END, CASE WHEN s.history_played_at IS NULL THEN t.reason_start WHEN t.history_played_at IS NULL THEN s.reason_start ELSE CASE WHEN s.reason_start IS NULL OR t.reason_start COLLATE Latin1_General_100_BIN2 >= s.reason_start COLLATE Latin1_General_100_BIN2 THEN t.reason_start ELSE s.reason_start END END COLLATE Latin1_General_100_BIN2, CASE WHEN s.history_played_at IS NULL THEN t.reason_end WHEN t.history_played_at IS NULL THEN s.reason_end ELSE CASE WHEN s.reason_end IS NULL OR t.reason_end COLLATE Latin1_General_100_BIN2 >= s.reason_end COLLATE Latin1_General_100_BIN2 THEN t.reason_end ELSE s.reason_end END END COLLATE Latin1_General_100_BIN2, CASE WHEN s.history_played_at IS NULL THEN t.shuffle WHEN t.history_played_at IS NULL THEN s.shuffle ELSE CASE WHEN t.shuffle = 1 OR s.shuffle = 1 THEN CAST(1 AS BIT) WHEN t.shuffle = 0 OR s.shuffle = 0 THEN CAST(0 AS BIT) END END, CASE WHEN s.history_played_at IS NULL THEN t.skipped WHEN t.history_played_at IS NULL THEN s.skipped ELSE CASE WHEN t.skipped = 1 OR s.skipped = 1 THEN CAST(1 AS BIT) WHEN t.skipped = 0 OR s.skipped = 0 THEN CAST(0 AS BIT) END END, CASE WHEN s.history_played_at IS NULL THEN t.offline WHEN t.history_played_at IS NULL THEN s.offline ELSE CASE WHEN t.offline = 1 OR s.offline = 1 THEN CAST(1 AS BIT) WHEN t.offline = 0 OR s.offline = 0 THEN CAST(0 AS BIT) END END, CASE WHEN s.history_played_at IS NULL THEN t.history_played_at ELSE s.history_played_at END) THEN
  UPDATE SET played_at = CASE WHEN s.source = N'api' THEN s.played_at ELSE t.played_at END, date_key = CASE WHEN s.source = N'api' OR (t.source = N'history_import' AND t.played_at = s.played_at) THEN s.date_key ELSE t.date_key END, time_key = CASE WHEN s.source = N'api' OR (t.source = N'history_import' AND t.played_at = s.played_at) THEN s.time_key ELSE t.time_key END, album_id = CASE WHEN s.source = N'api' THEN s.album_id ELSE t.album_id END, primary_artist_id = CASE WHEN s.source = N'api' THEN s.primary_artist_id ELSE t.primary_artist_id END, context_type = CASE WHEN s.source = N'api' THEN s.context_type ELSE t.context_type END, context_uri = CASE WHEN s.source = N'api' THEN s.context_uri ELSE t.context_uri END, source = CASE WHEN s.source = N'api' THEN s.source ELSE t.source END, ms_played = CASE WHEN s.history_played_at IS NULL THEN t.ms_played ELSE s.ms_played END, reason_start = CASE WHEN s.history_played_at IS NULL THEN t.reason_start WHEN t.history_played_at IS NULL THEN s.reason_start ELSE CASE WHEN s.reason_start IS NULL OR t.reason_start COLLATE Latin1_General_100_BIN2 >= s.reason_start COLLATE Latin1_General_100_BIN2 THEN t.reason_start ELSE s.reason_start END END, reason_end = CASE WHEN s.history_played_at IS NULL THEN t.reason_end WHEN t.history_played_at IS NULL THEN s.reason_end ELSE CASE WHEN s.reason_end IS NULL OR t.reason_end COLLATE Latin1_General_100_BIN2 >= s.reason_end COLLATE Latin1_General_100_BIN2 THEN t.reason_end ELSE s.reason_end END END, shuffle = CASE WHEN s.history_played_at IS NULL THEN t.shuffle WHEN t.history_played_at IS NULL THEN s.shuffle ELSE CASE WHEN t.shuffle = 1 OR s.shuffle = 1 THEN CAST(1 AS BIT) WHEN t.shuffle = 0 OR s.shuffle = 0 THEN CAST(0 AS BIT) END END, skipped = CASE WHEN s.history_played_at IS NULL THEN t.skipped WHEN t.history_played_at IS NULL THEN s.skipped ELSE CASE WHEN t.skipped = 1 OR s.skipped = 1 THEN CAST(1 AS BIT) WHEN t.skipped = 0 OR s.skipped = 0 THEN CAST(0 AS BIT) END END, offline = CASE WHEN s.history_played_at IS NULL THEN t.offline WHEN t.history_played_at IS NULL THEN s.offline ELSE CASE WHEN t.offline = 1 OR s.offline = 1 THEN CAST(1 AS BIT) WHEN t.offline = 0 OR s.offline = 0 THEN CAST(0 AS BIT) END END, history_played_at = CASE WHEN s.history_played_at IS NULL THEN t.history_played_at ELSE s.history_played_at END, history_is_legacy = CASE WHEN s.history_played_at IS NOT NULL THEN 0 ELSE t.history_is_legacy END
WHEN MATCHED AND s.row_at IS NULL THEN
  UPDATE SET played_at = t.played_at
WHEN NOT MATCHED BY TARGET THEN
  INSERT (account_id, played_at, date_key, time_key, track_id, album_id, primary_artist_id, context_type, context_uri, ms_played, source, reason_start, reason_end, shuffle, skipped, offline, history_played_at, loaded_at) VALUES (s.account_id, s.played_at, s.date_key, s.time_key, s.track_id, s.album_id, s.primary_artist_id, s.context_type, s.context_uri, s.ms_played, s.source, s.reason_start, s.reason_end, s.shuffle, s.skipped, s.offline, s.history_played_at, SYSUTCDATETIME())
OUTPUT $action, CASE WHEN s.row_at IS NULL AND deleted.played_at IS NOT NULL THEN CONCAT(s.account_id, N' ', s.track_id, N' ', DATEDIFF_BIG(millisecond, '1970-01-01', s.played_at)) END AS collision;
