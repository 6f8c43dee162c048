WITH staged AS (
  SELECT s.account_id, timestamptz 'epoch' + s.played_at_ms * interval '1 millisecond' AS played_at, s.date_key, s.time_key, s.track_id, s.album_id, s.primary_artist_id, s.context_type, s.context_uri, s.ms_played, s.source, s.reason_start, s.reason_end, s.shuffle, s.skipped, s.offline,
    timestamptz 'epoch' + s.history_played_at_ms * interval '1 millisecond' AS history_played_at,
    least($1::bigint, coalesce(nullif(t.duration_ms, 0), $1::bigint)) * interval '1 millisecond' AS tolerance
  FROM stage_play s LEFT JOIN "spotify".dim_track t ON t.track_id = s.track_id
), busy AS (
  SELECT r.account_id FROM (
    SELECT account_id, min(played_at) AS lo, max(played_at) AS hi FROM staged GROUP BY account_id
  ) r
  WHERE EXISTS (
    SELECT 1 FROM "spotify".fact_play f WHERE f.account_id = r.account_id
      AND f.played_at BETWEEN r.lo - $1::bigint * interval '1 millisecond' AND r.hi + $1::bigint * interval '1 millisecond'
  )
), exact AS (
  SELECT s.account_id, s.played_at AS staged_at, f.played_at AS row_at,
    (f.played_at, f.date_key, f.time_key, f.album_id, f.primary_artist_id, f.context_type, f.context_uri, f.source, f.ms_played, f.reason_start, f.reason_end, f.shuffle, f.skipped, f.offline, f.history_played_at) IS DISTINCT FROM (CASE WHEN s.source = 'api' THEN s.played_at ELSE f.played_at END, CASE WHEN s.source = 'api' OR (f.source = 'history_import' AND f.played_at = s.played_at) THEN s.date_key ELSE f.date_key END, CASE WHEN s.source = 'api' OR (f.source = 'history_import' AND f.played_at = s.played_at) THEN s.time_key ELSE f.time_key END, CASE WHEN s.source = 'api' THEN s.album_id ELSE f.album_id END, CASE WHEN s.source = 'api' THEN s.primary_artist_id ELSE f.primary_artist_id END, CASE WHEN s.source = 'api' THEN s.context_type ELSE f.context_type END, CASE WHEN s.source = 'api' THEN s.context_uri ELSE f.context_uri END, CASE WHEN s.source = 'api' THEN s.source ELSE f.source END, CASE WHEN s.history_played_at IS NULL THEN f.ms_played ELSE s.ms_played END, CASE WHEN s.history_played_at IS NULL THEN f.reason_start WHEN f.history_played_at IS NULL THEN s.reason_start ELSE greatest(f.reason_start COLLATE "C", s.reason_start COLLATE "C") END, CASE WHEN s.history_played_at IS NULL THEN f.reason_end WHEN f.history_played_at IS NULL THEN s.reason_end ELSE greatest(f.reason_end COLLATE "C", s.reason_end COLLATE "C") END, CASE WHEN s.history_played_at IS NULL THEN f.shuffle WHEN f.history_played_at IS NULL THEN s.shuffle ELSE coalesce(f.shuffle OR s.shuffle, f.shuffle, s.shuffle) END, CASE WHEN s.history_played_at IS NULL THEN f.skipped WHEN f.history_played_at IS NULL THEN s.skipped ELSE coalesce(f.skipped OR s.skipped, f.skipped, s.skipped) END, CASE WHEN s.history_played_at IS NULL THEN f.offline WHEN f.history_played_at IS NULL THEN s.offline ELSE coalesce(f.offline OR s.offline, f.offline, s.offline) END, CASE WHEN s.history_played_at IS NULL THEN f.history_played_at ELSE s.history_played_at END) AS changes
  FROM staged s
  CROSS JOIN LATERAL (
    SELECT k.track_id, k.played_at, k.date_key, k.time_key, k.album_id, k.primary_artist_id, k.context_type, k.context_uri, k.source, k.ms_played, k.reason_start, k.reason_end, k.shuffle, k.skipped, k.offline, k.history_played_at FROM "spotify".fact_play k WHERE k.account_id = s.account_id AND k.played_at = s.played_at LIMIT 1
  ) f
  WHERE s.account_id IN (SELECT account_id FROM busy) AND f.track_id = s.track_id
    AND ((f.source = 'api' AND s.source = 'api')
      OR (f.history_played_at = s.history_played_at AND f.ms_played IS NOT DISTINCT FROM s.ms_played)
      OR (f.source = 'api' AND f.history_played_at IS NULL AND s.source = 'history_import')
      OR (f.source = 'history_import' AND s.source = 'api' AND s.history_played_at IS NULL))
), searching AS (
  SELECT s.* FROM staged s
  WHERE s.account_id IN (SELECT account_id FROM busy) AND NOT EXISTS (SELECT 1 FROM exact e WHERE e.account_id = s.account_id AND e.staged_at = s.played_at)
), near_imported AS (
  SELECT s.account_id, s.played_at AS staged_at, m.played_at AS row_at, true AS changes
  FROM searching s
  CROSS JOIN LATERAL (
    SELECT f.played_at FROM "spotify".fact_play f
    WHERE f.source = 'history_import' AND f.account_id = s.account_id AND f.track_id = s.track_id
      AND f.played_at BETWEEN s.played_at - s.tolerance AND s.played_at + s.tolerance
    ORDER BY abs(extract(epoch FROM f.played_at - s.played_at)), f.played_at
    LIMIT 1
  ) m
  WHERE s.source = 'api' AND s.history_played_at IS NULL
), near_polled AS (
  SELECT s.account_id, s.played_at AS staged_at, m.played_at AS row_at, true AS changes
  FROM searching s
  CROSS JOIN LATERAL (
    SELECT f.played_at FROM (
      SELECT w.played_at, w.track_id, w.source, w.history_played_at, w.ms_played, w.history_is_legacy FROM "spotify".fact_play w
      WHERE w.account_id = s.account_id AND w.played_at BETWEEN s.played_at - s.tolerance AND s.played_at + s.tolerance
      OFFSET 0
    ) f
    WHERE f.track_id = s.track_id
      AND ((f.history_played_at = s.history_played_at OR (f.history_is_legacy AND date_trunc('second', f.history_played_at) = date_trunc('second', s.history_played_at)))
          AND f.ms_played IS NOT DISTINCT FROM s.ms_played
        OR (f.source = 'api' AND f.history_played_at IS NULL AND s.source = 'history_import'))
    ORDER BY coalesce(f.history_played_at = s.history_played_at, false) DESC, abs(extract(epoch FROM f.played_at - s.played_at)), f.played_at
    LIMIT 1
  ) m
  WHERE s.history_played_at IS NOT NULL OR s.source = 'history_import'
), claimed AS (
  SELECT DISTINCT ON (c.account_id, c.row_at) c.account_id, c.staged_at, c.row_at, c.changes
  FROM (SELECT * FROM exact UNION ALL SELECT * FROM near_imported UNION ALL SELECT * FROM near_polled) c
  ORDER BY c.account_id, c.row_at, abs(extract(epoch FROM c.row_at - c.staged_at)), c.staged_at
), merged AS (
  UPDATE "spotify".fact_play f SET played_at = CASE WHEN s.source = 'api' THEN s.played_at ELSE f.played_at END, date_key = CASE WHEN s.source = 'api' OR (f.source = 'history_import' AND f.played_at = s.played_at) THEN s.date_key ELSE f.date_key END, time_key = CASE WHEN s.source = 'api' OR (f.source = 'history_import' AND f.played_at = s.played_at) THEN s.time_key ELSE f.time_key END, album_id = CASE WHEN s.source = 'api' THEN s.album_id ELSE f.album_id END, primary_artist_id = CASE WHEN s.source = 'api' THEN s.primary_artist_id ELSE f.primary_artist_id END, context_type = CASE WHEN s.source = 'api' THEN s.context_type ELSE f.context_type END, context_uri = CASE WHEN s.source = 'api' THEN s.context_uri ELSE f.context_uri END, source = CASE WHEN s.source = 'api' THEN s.source ELSE f.source END, ms_played = CASE WHEN s.history_played_at IS NULL THEN f.ms_played ELSE s.ms_played END, reason_start = CASE WHEN s.history_played_at IS NULL THEN f.reason_start WHEN f.history_played_at IS NULL THEN s.reason_start ELSE greatest(f.reason_start COLLATE "C", s.reason_start COLLATE "C") END, reason_end = CASE WHEN s.history_played_at IS NULL THEN f.reason_end WHEN f.history_played_at IS NULL THEN s.reason_end ELSE greatest(f.reason_end COLLATE "C", s.reason_end COLLATE "C") END, shuffle = CASE WHEN s.history_played_at IS NULL THEN f.shuffle WHEN f.history_played_at IS NULL THEN s.shuffle ELSE coalesce(f.shuffle OR s.shuffle, f.shuffle, s.shuffle) END, skipped = CASE WHEN s.history_played_at IS NULL THEN f.skipped WHEN f.history_played_at IS NULL THEN s.skipped ELSE coalesce(f.skipped OR s.skipped, f.skipped, s.skipped) END, offline = CASE WHEN s.history_played_at IS NULL THEN f.offline WHEN f.history_played_at IS NULL THEN s.offline ELSE coalesce(f.offline OR s.offline, f.offline, s.offline) END, history_played_at = CASE WHEN s.history_played_at IS NULL THEN f.history_played_at ELSE s.history_played_at END, history_is_legacy = CASE WHEN s.history_played_at IS NOT NULL THEN false ELSE f.history_is_legacy END
  FROM claimed c JOIN staged s ON s.account_id = c.account_id AND s.played_at = c.staged_at
  WHERE c.changes AND f.account_id = c.account_id AND f.played_at = c.row_at
    AND (f.played_at, f.date_key, f.time_key, f.album_id, f.primary_artist_id, f.context_type, f.context_uri, f.source, f.ms_played, f.reason_start, f.reason_end, f.shuffle, f.skipped, f.offline, f.history_played_at) IS DISTINCT FROM (CASE WHEN s.source = 'api' THEN s.played_at ELSE f.played_at END, CASE WHEN s.source = 'api' OR (f.source = 'history_import' AND f.played_at = s.played_at) THEN s.date_key ELSE f.date_key END, CASE WHEN s.source = 'api' OR (f.source = 'history_import' AND f.played_at = s.played_at) THEN s.time_key ELSE f.time_key END, CASE WHEN s.source = 'api' THEN s.album_id ELSE f.album_id END, CASE WHEN s.source = 'api' THEN s.primary_artist_id ELSE f.primary_artist_id END, CASE WHEN s.source = 'api' THEN s.context_type ELSE f.context_type END, CASE WHEN s.source = 'api' THEN s.context_uri ELSE f.context_uri END, CASE WHEN s.source = 'api' THEN s.source ELSE f.source END, CASE WHEN s.history_played_at IS NULL THEN f.ms_played ELSE s.ms_played END, CASE WHEN s.history_played_at IS NULL THEN f.reason_start WHEN f.history_played_at IS NULL THEN s.reason_start ELSE greatest(f.reason_start COLLATE "C", s.reason_start COLLATE "C") END, CASE WHEN s.history_played_at IS NULL THEN f.reason_end WHEN f.history_played_at IS NULL THEN s.reason_end ELSE greatest(f.reason_end COLLATE "C", s.reason_end COLLATE "C") END, CASE WHEN s.history_played_at IS NULL THEN f.shuffle WHEN f.history_played_at IS NULL THEN s.shuffle ELSE coalesce(f.shuffle OR s.shuffle, f.shuffle, s.shuffle) END, CASE WHEN s.history_played_at IS NULL THEN f.skipped WHEN f.history_played_at IS NULL THEN s.skipped ELSE coalesce(f.skipped OR s.skipped, f.skipped, s.skipped) END, CASE WHEN s.history_played_at IS NULL THEN f.offline WHEN f.history_played_at IS NULL THEN s.offline ELSE coalesce(f.offline OR s.offline, f.offline, s.offline) END, CASE WHEN s.history_played_at IS NULL THEN f.history_played_at ELSE s.history_played_at END)
  RETURNING 1
), inserted AS (
  INSERT INTO "spotify".fact_play (account_id, played_at, date_key, time_key, track_id, album_id, primary_artist_id, context_type, context_uri, ms_played, source, reason_start, reason_end, shuffle, skipped, offline, history_played_at, loaded_at)
  SELECT s.account_id, s.played_at, s.date_key, s.time_key, s.track_id, s.album_id, s.primary_artist_id, s.context_type, s.context_uri, s.ms_played, s.source, s.reason_start, s.reason_end, s.shuffle, s.skipped, s.offline, s.history_played_at, now() FROM staged s
  WHERE NOT EXISTS (SELECT 1 FROM claimed c WHERE c.account_id = s.account_id AND c.staged_at = s.played_at)
  ORDER BY s.account_id, s.played_at
  ON CONFLICT (account_id, played_at) DO NOTHING
  RETURNING account_id, played_at
), unloaded AS (
  SELECT s.account_id, s.played_at, s.track_id FROM staged s
  WHERE NOT EXISTS (SELECT 1 FROM claimed c WHERE c.account_id = s.account_id AND c.staged_at = s.played_at)
    AND NOT EXISTS (SELECT 1 FROM inserted i WHERE i.account_id = s.account_id AND i.played_at = s.played_at)
)
SELECT (SELECT count(*) FROM inserted)::int AS inserted, (SELECT count(*) FROM merged)::int AS merged,
  (SELECT count(*) FROM unloaded)::int AS collided,
  (SELECT u.account_id || ' ' || u.track_id || ' ' || (extract(epoch FROM u.played_at) * 1000)::bigint FROM unloaded u ORDER BY u.account_id, u.played_at LIMIT 1) AS first_collision
