SELECT (SELECT count(*) FROM "spotify".dim_track WHERE is_inferred AND NOT is_unavailable AND NOT is_unresolved)::int AS tracks,
  (SELECT count(*) FROM "spotify".fact_play f WHERE (f.album_id LIKE 'export-album:%' OR f.primary_artist_id LIKE 'export-artist:%'))::int AS placeholder_plays,
  (SELECT count(*) FROM "spotify".dim_track WHERE is_unavailable)::int AS unavailable,
  (SELECT count(*) FROM "spotify".dim_track WHERE is_unresolved AND NOT is_name_searched)::int AS names_to_search,
  (SELECT count(*) FROM "spotify".dim_track WHERE is_episode)::int AS episodes,
  (SELECT count(*) FROM "spotify".fact_play f JOIN "spotify".dim_track t ON t.track_id = f.track_id WHERE t.is_episode)::int AS episode_plays
