INSERT INTO "spotify".dim_track (track_id, name, album_id, is_unresolved, is_inferred, updated_at)
SELECT k.id, max(k.name), max(k.album_id), bool_or(k.is_unresolved), true, now()
FROM (SELECT track_id, track_name, CASE WHEN track_name IS NOT NULL THEN album_id END, track_id LIKE 'unresolved:%' FROM stage_play) AS k (id, name, album_id, is_unresolved)
WHERE k.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "spotify".dim_track d WHERE d.track_id = k.id)
GROUP BY k.id
ORDER BY k.id
ON CONFLICT (track_id) DO NOTHING
