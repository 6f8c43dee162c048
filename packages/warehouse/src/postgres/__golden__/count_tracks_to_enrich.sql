SELECT (SELECT count(*) FROM "spotify".dim_track WHERE is_inferred AND NOT is_unavailable AND NOT is_unresolved)::int AS tracks,
  (SELECT count(*) FROM "spotify".fact_play f WHERE (f.album_id LIKE 'export-album:%' OR f.primary_artist_id LIKE 'export-artist:%'))::int AS placeholder_plays,
  (SELECT count(*) FROM "spotify".dim_track WHERE is_unavailable)::int AS unavailable
