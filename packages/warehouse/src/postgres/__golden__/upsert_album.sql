WITH written AS (
  INSERT INTO "spotify".dim_album AS t (album_id, name, uri, album_type, release_date, release_date_precision, release_year, total_tracks, image_url, primary_artist_id, is_inferred, updated_at)
  SELECT album_id, name, uri, album_type, release_date, release_date_precision, release_year, total_tracks, image_url, primary_artist_id, false, now() FROM stage_album ORDER BY album_id
  ON CONFLICT (album_id) DO UPDATE SET name = excluded.name, uri = excluded.uri, album_type = excluded.album_type, release_date = excluded.release_date, release_date_precision = excluded.release_date_precision, release_year = excluded.release_year, total_tracks = excluded.total_tracks, image_url = excluded.image_url, primary_artist_id = excluded.primary_artist_id, is_inferred = false, updated_at = now()
  WHERE (t.name, t.uri, t.album_type, t.release_date, t.release_date_precision, t.release_year, t.total_tracks, t.image_url, t.primary_artist_id) IS DISTINCT FROM (excluded.name, excluded.uri, excluded.album_type, excluded.release_date, excluded.release_date_precision, excluded.release_year, excluded.total_tracks, excluded.image_url, excluded.primary_artist_id) OR t.is_inferred
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written
