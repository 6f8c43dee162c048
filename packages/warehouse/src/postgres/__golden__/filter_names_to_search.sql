SELECT track_id FROM "spotify".dim_track WHERE is_unresolved AND NOT is_name_searched AND track_id = ANY($1::text[])
