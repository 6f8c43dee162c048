UPDATE "spotify".fact_play AS f SET album_id = t.album_id, primary_artist_id = b.artist_id
FROM "spotify".dim_track AS t
JOIN "spotify".bridge_track_artist AS b ON b.track_id = t.track_id AND b.artist_position = 1
WHERE f.track_id = t.track_id AND NOT t.is_inferred AND t.album_id IS NOT NULL
  AND (f.album_id LIKE 'export-album:%' OR f.primary_artist_id LIKE 'export-artist:%')
