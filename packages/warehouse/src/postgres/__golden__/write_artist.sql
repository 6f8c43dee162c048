WITH candidates AS (
  SELECT artist_id, name, uri, false AS is_inferred FROM stage_artist
  UNION ALL
  SELECT k.id, max(k.name), NULL, true
  FROM (SELECT primary_artist_id, NULL::text FROM stage_album UNION ALL SELECT artist_id, NULL::text FROM stage_bridge UNION ALL SELECT primary_artist_id, artist_name FROM stage_play) AS k (id, name)
  WHERE k.id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM "spotify".dim_artist d WHERE d.artist_id = k.id)
    AND NOT EXISTS (SELECT 1 FROM stage_artist s WHERE s.artist_id = k.id)
  GROUP BY k.id
), written AS (
  INSERT INTO "spotify".dim_artist AS t (artist_id, name, uri, is_inferred, updated_at)
  SELECT artist_id, name, uri, is_inferred, now() FROM candidates ORDER BY artist_id
  ON CONFLICT (artist_id) DO UPDATE SET name = excluded.name, uri = excluded.uri, is_inferred = false, updated_at = now()
  WHERE NOT excluded.is_inferred
    AND ((t.name, t.uri) IS DISTINCT FROM (excluded.name, excluded.uri) OR t.is_inferred)
  RETURNING (xmax = 0) AS inserted, t.is_inferred
)
SELECT count(*) FILTER (WHERE inserted AND NOT is_inferred)::int AS inserted,
  count(*) FILTER (WHERE NOT inserted)::int AS updated,
  count(*) FILTER (WHERE inserted AND is_inferred)::int AS inferred
FROM written
