SELECT track_id FROM "spotify".dim_track WHERE is_inferred AND NOT is_unavailable AND NOT is_unresolved ORDER BY track_id
