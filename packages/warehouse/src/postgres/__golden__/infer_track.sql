INSERT INTO "spotify".dim_track (track_id, is_inferred, updated_at)
SELECT k.id, true, now()
FROM (SELECT track_id FROM stage_play) AS k (id)
WHERE k.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "spotify".dim_track d WHERE d.track_id = k.id)
ORDER BY k.id
ON CONFLICT (track_id) DO NOTHING
