INSERT INTO "spotify".dim_artist (artist_id, name, is_inferred, updated_at)
SELECT k.id, max(k.name), true, now()
FROM (SELECT primary_artist_id, NULL::text FROM stage_album UNION ALL SELECT artist_id, NULL::text FROM stage_bridge UNION ALL SELECT primary_artist_id, artist_name FROM stage_play) AS k (id, name)
WHERE k.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "spotify".dim_artist d WHERE d.artist_id = k.id)
GROUP BY k.id
ORDER BY k.id
ON CONFLICT (artist_id) DO NOTHING
