UPDATE "spotify".dim_track SET is_name_searched = true, is_episode = $2::boolean, updated_at = now()
WHERE track_id = $1 AND is_unresolved AND NOT is_name_searched
