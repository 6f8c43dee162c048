INSERT INTO "spotify".dim_album (album_id, name, primary_artist_id, is_inferred, updated_at)
SELECT k.id, max(k.name), max(k.primary_artist_id), true, now()
FROM (SELECT album_id, NULL::text, NULL::text FROM stage_track UNION ALL SELECT album_id, album_name, CASE WHEN album_name IS NOT NULL THEN primary_artist_id END FROM stage_play) AS k (id, name, primary_artist_id)
WHERE k.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "spotify".dim_album d WHERE d.album_id = k.id)
GROUP BY k.id
ORDER BY k.id
ON CONFLICT (album_id) DO NOTHING
