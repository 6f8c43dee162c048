SELECT (SELECT COUNT(*) FROM [spotify].dim_track WHERE is_inferred = 1 AND is_unavailable = 0 AND is_unresolved = 0) AS tracks,
  (SELECT COUNT(*) FROM [spotify].fact_play f WHERE (f.album_id LIKE N'export-album:%' OR f.primary_artist_id LIKE N'export-artist:%')) AS placeholder_plays,
  (SELECT COUNT(*) FROM [spotify].dim_track WHERE is_unavailable = 1) AS unavailable,
  (SELECT COUNT(*) FROM [spotify].dim_track WHERE is_unresolved = 1 AND is_name_searched = 0) AS names_to_search,
  (SELECT COUNT(*) FROM [spotify].dim_track WHERE is_episode = 1) AS episodes,
  (SELECT COUNT(*) FROM [spotify].fact_play f JOIN [spotify].dim_track t ON t.track_id = f.track_id WHERE t.is_episode = 1) AS episode_plays
