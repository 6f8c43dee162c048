WITH removed AS (
  DELETE FROM "spotify".bridge_track_artist b USING stage_track s
  WHERE b.track_id = s.track_id AND b.artist_position > s.artist_count
  RETURNING 1
), written AS (
  INSERT INTO "spotify".bridge_track_artist AS t (track_id, artist_position, artist_id, updated_at)
  SELECT track_id, artist_position, artist_id, now() FROM stage_bridge ORDER BY track_id, artist_position
  ON CONFLICT (track_id, artist_position) DO UPDATE SET artist_id = excluded.artist_id, updated_at = now()
  WHERE t.artist_id IS DISTINCT FROM excluded.artist_id
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated, (SELECT count(*) FROM removed)::int AS deleted FROM written
