INSERT INTO "spotify".dim_album (album_id, is_inferred, updated_at)
SELECT k.id, true, now()
FROM (SELECT album_id FROM stage_track UNION SELECT album_id FROM stage_play) AS k (id)
WHERE k.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "spotify".dim_album d WHERE d.album_id = k.id)
ORDER BY k.id
ON CONFLICT (album_id) DO NOTHING
