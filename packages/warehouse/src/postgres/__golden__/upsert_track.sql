WITH written AS (
  INSERT INTO "spotify".dim_track AS t (track_id, name, uri, duration_ms, explicit, disc_number, track_number, album_id, isrc, is_inferred, updated_at)
  SELECT track_id, name, uri, duration_ms, explicit, disc_number, track_number, album_id, isrc, false, now() FROM stage_track ORDER BY track_id
  ON CONFLICT (track_id) DO UPDATE SET name = excluded.name, uri = excluded.uri, duration_ms = excluded.duration_ms, explicit = excluded.explicit, disc_number = excluded.disc_number, track_number = excluded.track_number, album_id = excluded.album_id, isrc = excluded.isrc, is_inferred = false, updated_at = now()
  WHERE (t.name, t.uri, t.duration_ms, t.explicit, t.disc_number, t.track_number, t.album_id, t.isrc) IS DISTINCT FROM (excluded.name, excluded.uri, excluded.duration_ms, excluded.explicit, excluded.disc_number, excluded.track_number, excluded.album_id, excluded.isrc) OR t.is_inferred
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written
