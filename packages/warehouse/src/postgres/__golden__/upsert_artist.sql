WITH written AS (
  INSERT INTO "spotify".dim_artist AS t (artist_id, name, uri, is_inferred, updated_at)
  SELECT artist_id, name, uri, false, now() FROM stage_artist ORDER BY artist_id
  ON CONFLICT (artist_id) DO UPDATE SET name = excluded.name, uri = excluded.uri, is_inferred = false, updated_at = now()
  WHERE (t.name, t.uri) IS DISTINCT FROM (excluded.name, excluded.uri) OR t.is_inferred
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written
