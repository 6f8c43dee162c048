UPDATE [spotify].dim_track SET is_unavailable = 1, updated_at = SYSUTCDATETIME()
WHERE track_id IN (SELECT k.id COLLATE Latin1_General_100_BIN2 FROM OPENJSON(@ids) WITH (id NVARCHAR(128) '$') AS k) AND is_inferred = 1 AND is_unavailable = 0
