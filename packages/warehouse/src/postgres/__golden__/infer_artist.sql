INSERT INTO "spotify".dim_artist (artist_id, is_inferred, updated_at)
SELECT k.id, true, now()
FROM (SELECT primary_artist_id FROM stage_album UNION SELECT artist_id FROM stage_bridge UNION SELECT primary_artist_id FROM stage_play) AS k (id)
WHERE k.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "spotify".dim_artist d WHERE d.artist_id = k.id)
ORDER BY k.id
ON CONFLICT (artist_id) DO NOTHING
