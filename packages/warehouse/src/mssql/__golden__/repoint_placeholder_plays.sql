UPDATE f SET album_id = t.album_id, primary_artist_id = b.artist_id
FROM [spotify].fact_play AS f
JOIN [spotify].dim_track AS t ON t.track_id = f.track_id
JOIN [spotify].bridge_track_artist AS b ON b.track_id = t.track_id AND b.artist_position = 1
WHERE t.is_inferred = 0 AND t.album_id IS NOT NULL
  AND (f.album_id LIKE N'export-album:%' OR f.primary_artist_id LIKE N'export-artist:%')
