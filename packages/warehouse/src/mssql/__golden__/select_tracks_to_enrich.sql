SELECT track_id FROM [spotify].dim_track WHERE is_inferred = 1 AND is_unavailable = 0 AND is_unresolved = 0 ORDER BY track_id
