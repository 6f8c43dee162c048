WITH wanted AS (
  SELECT DISTINCT track_id AS unresolved_id, btrim(regexp_replace(lower(normalize(track_name, NFC)), '\s+', ' ', 'g')) AS track_key, btrim(regexp_replace(lower(normalize(artist_name, NFC)), '\s+', ' ', 'g')) AS artist_key
  FROM stage_play WHERE track_id LIKE 'unresolved:%' AND track_name IS NOT NULL AND artist_name IS NOT NULL
), known AS (
  SELECT t.track_id, t.album_id, btrim(regexp_replace(lower(normalize(t.name, NFC)), '\s+', ' ', 'g')) AS track_key
  FROM "spotify".dim_track t WHERE NOT t.is_inferred AND NOT t.is_unresolved AND t.name IS NOT NULL
), credited AS (
  SELECT b.track_id, b.artist_id FROM "spotify".bridge_track_artist b
  UNION SELECT t.track_id, al.primary_artist_id FROM "spotify".dim_track t JOIN "spotify".dim_album al ON al.album_id = t.album_id
), resolved AS (
  SELECT DISTINCT ON (w.unresolved_id) w.unresolved_id, k.track_id, k.album_id,
    (SELECT b1.artist_id FROM "spotify".bridge_track_artist b1 WHERE b1.track_id = k.track_id AND b1.artist_position = 1) AS artist_id
  FROM wanted w
  JOIN known k ON k.track_key = w.track_key
  JOIN credited c ON c.track_id = k.track_id
  JOIN "spotify".dim_artist a ON a.artist_id = c.artist_id AND btrim(regexp_replace(lower(normalize(a.name, NFC)), '\s+', ' ', 'g')) = w.artist_key
  ORDER BY w.unresolved_id, k.track_id
)
UPDATE stage_play p SET track_id = r.track_id, album_id = r.album_id, primary_artist_id = coalesce(r.artist_id, p.primary_artist_id), track_name = NULL, album_name = NULL, artist_name = NULL
FROM resolved r WHERE p.track_id = r.unresolved_id
