WITH candidates AS (
  SELECT track_id, name, uri, duration_ms, explicit, disc_number, track_number, album_id, isrc, false AS is_unresolved, false AS is_inferred FROM stage_track
  UNION ALL
  SELECT k.id, max(k.name), NULL, NULL, NULL, NULL, NULL, max(k.album_id), NULL, bool_or(k.is_unresolved), true
  FROM (SELECT track_id, track_name, CASE WHEN track_name IS NOT NULL THEN album_id END, track_id LIKE 'unresolved:%' FROM stage_play) AS k (id, name, album_id, is_unresolved)
  WHERE k.id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM "spotify".dim_track d WHERE d.track_id = k.id)
    AND NOT EXISTS (SELECT 1 FROM stage_track s WHERE s.track_id = k.id)
  GROUP BY k.id
), written AS (
  INSERT INTO "spotify".dim_track AS t (track_id, name, uri, duration_ms, explicit, disc_number, track_number, album_id, isrc, is_unresolved, is_inferred, updated_at)
  SELECT track_id, name, uri, duration_ms, explicit, disc_number, track_number, album_id, isrc, is_unresolved, is_inferred, now() FROM candidates ORDER BY track_id
  ON CONFLICT (track_id) DO UPDATE SET name = excluded.name, uri = excluded.uri, duration_ms = excluded.duration_ms, explicit = excluded.explicit, disc_number = excluded.disc_number, track_number = excluded.track_number, album_id = excluded.album_id, isrc = excluded.isrc, is_inferred = false, updated_at = now()
  WHERE NOT excluded.is_inferred
    AND ((t.name, t.uri, t.duration_ms, t.explicit, t.disc_number, t.track_number, t.album_id, t.isrc) IS DISTINCT FROM (excluded.name, excluded.uri, excluded.duration_ms, excluded.explicit, excluded.disc_number, excluded.track_number, excluded.album_id, excluded.isrc) OR t.is_inferred)
  RETURNING (xmax = 0) AS inserted, t.is_inferred
)
SELECT count(*) FILTER (WHERE inserted AND NOT is_inferred)::int AS inserted,
  count(*) FILTER (WHERE NOT inserted)::int AS updated,
  count(*) FILTER (WHERE inserted AND is_inferred)::int AS inferred
FROM written
