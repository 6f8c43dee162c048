UPDATE [spotify].dim_track SET is_name_searched = 1, is_episode = CAST(@episode AS BIT), updated_at = SYSUTCDATETIME()
WHERE track_id = CAST(@id AS NVARCHAR(128)) COLLATE Latin1_General_100_BIN2 AND is_unresolved = 1 AND is_name_searched = 0
