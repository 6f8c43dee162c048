WITH candidates AS (
  SELECT album_id, name, uri, album_type, release_date, release_date_precision, release_year, total_tracks, image_url, primary_artist_id, false AS is_inferred FROM stage_album
  UNION ALL
  SELECT k.id, max(k.name), NULL, NULL, NULL, NULL, NULL, NULL, NULL, max(k.primary_artist_id), true
  FROM (SELECT album_id, NULL::text, NULL::text FROM stage_track UNION ALL SELECT album_id, album_name, CASE WHEN album_name IS NOT NULL THEN primary_artist_id END FROM stage_play) AS k (id, name, primary_artist_id)
  WHERE k.id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM "spotify".dim_album d WHERE d.album_id = k.id)
    AND NOT EXISTS (SELECT 1 FROM stage_album s WHERE s.album_id = k.id)
  GROUP BY k.id
), written AS (
  INSERT INTO "spotify".dim_album AS t (album_id, name, uri, album_type, release_date, release_date_precision, release_year, total_tracks, image_url, primary_artist_id, is_inferred, updated_at)
  SELECT album_id, name, uri, album_type, release_date, release_date_precision, release_year, total_tracks, image_url, primary_artist_id, is_inferred, now() FROM candidates ORDER BY album_id
  ON CONFLICT (album_id) DO UPDATE SET name = excluded.name, uri = excluded.uri, album_type = excluded.album_type, release_date = excluded.release_date, release_date_precision = excluded.release_date_precision, release_year = excluded.release_year, total_tracks = excluded.total_tracks, image_url = excluded.image_url, primary_artist_id = excluded.primary_artist_id, is_inferred = false, updated_at = now()
  WHERE NOT excluded.is_inferred
    AND ((t.name, t.uri, t.album_type, t.release_date, t.release_date_precision, t.release_year, t.total_tracks, t.image_url, t.primary_artist_id) IS DISTINCT FROM (excluded.name, excluded.uri, excluded.album_type, excluded.release_date, excluded.release_date_precision, excluded.release_year, excluded.total_tracks, excluded.image_url, excluded.primary_artist_id) OR t.is_inferred)
  RETURNING (xmax = 0) AS inserted, t.is_inferred
)
SELECT count(*) FILTER (WHERE inserted AND NOT is_inferred)::int AS inserted,
  count(*) FILTER (WHERE NOT inserted)::int AS updated,
  count(*) FILTER (WHERE inserted AND is_inferred)::int AS inferred
FROM written
