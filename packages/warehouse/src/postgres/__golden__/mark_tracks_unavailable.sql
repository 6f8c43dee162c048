UPDATE "spotify".dim_track SET is_unavailable = true, updated_at = now()
WHERE track_id = ANY($1::text[]) AND is_inferred AND NOT is_unavailable
