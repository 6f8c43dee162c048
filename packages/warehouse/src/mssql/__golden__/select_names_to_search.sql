SELECT t.track_id, t.name AS track_name, MIN(a.name) AS artist_name
FROM [spotify].dim_track t
JOIN [spotify].fact_play f ON f.track_id = t.track_id
JOIN [spotify].dim_artist a ON a.artist_id = f.primary_artist_id
WHERE t.is_unresolved = 1 AND t.is_name_searched = 0 AND t.name IS NOT NULL AND a.name IS NOT NULL
GROUP BY t.track_id, t.name ORDER BY t.track_id
