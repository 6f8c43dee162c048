WITH busy AS (
  SELECT 1 FROM (
    SELECT account_id, min(played_at_ms) AS lo, max(played_at_ms) AS hi FROM stage_play GROUP BY account_id
  ) r
  WHERE EXISTS (
    SELECT 1 FROM "spotify".fact_play f WHERE f.account_id = r.account_id
      AND f.played_at BETWEEN timestamptz 'epoch' + (r.lo - $1::bigint) * interval '1 millisecond' AND timestamptz 'epoch' + (r.hi + $1::bigint) * interval '1 millisecond'
  )
  LIMIT 1
), pending AS (
  SELECT 1 FROM (SELECT s.account_id, timestamptz 'epoch' + s.played_at_ms * interval '1 millisecond' AS played_at, s.date_key, s.time_key, s.track_id, s.album_id, s.primary_artist_id, s.context_type, s.context_uri, s.ms_played, s.source, s.reason_start, s.reason_end, s.shuffle, s.skipped, s.offline, timestamptz 'epoch' + s.history_played_at_ms * interval '1 millisecond' AS history_played_at FROM stage_play s) s
  WHERE EXISTS (SELECT 1 FROM busy) AND NOT EXISTS (
    SELECT 1 FROM (
      SELECT k.track_id, k.played_at, k.date_key, k.time_key, k.album_id, k.primary_artist_id, k.context_type, k.context_uri, k.source, k.ms_played, k.reason_start, k.reason_end, k.shuffle, k.skipped, k.offline, k.history_played_at FROM "spotify".fact_play k WHERE k.account_id = s.account_id AND k.played_at = s.played_at LIMIT 1
    ) f
    WHERE f.track_id = s.track_id
    AND ((f.source = 'api' AND s.source = 'api')
      OR (f.history_played_at = s.history_played_at AND f.ms_played IS NOT DISTINCT FROM s.ms_played)
      OR (f.source = 'api' AND f.history_played_at IS NULL AND s.source = 'history_import')
      OR (f.source = 'history_import' AND s.source = 'api' AND s.history_played_at IS NULL))
      AND NOT ((f.played_at, f.date_key, f.time_key, f.album_id, f.primary_artist_id, f.context_type, f.context_uri, f.source, f.ms_played, f.reason_start, f.reason_end, f.shuffle, f.skipped, f.offline, f.history_played_at) IS DISTINCT FROM (CASE WHEN s.source = 'api' THEN s.played_at ELSE f.played_at END, CASE WHEN s.source = 'api' OR (f.source = 'history_import' AND f.played_at = s.played_at) THEN s.date_key ELSE f.date_key END, CASE WHEN s.source = 'api' OR (f.source = 'history_import' AND f.played_at = s.played_at) THEN s.time_key ELSE f.time_key END, CASE WHEN s.source = 'api' THEN s.album_id ELSE f.album_id END, CASE WHEN s.source = 'api' THEN s.primary_artist_id ELSE f.primary_artist_id END, CASE WHEN s.source = 'api' THEN s.context_type ELSE f.context_type END, CASE WHEN s.source = 'api' THEN s.context_uri ELSE f.context_uri END, CASE WHEN s.source = 'api' THEN s.source ELSE f.source END, CASE WHEN s.history_played_at IS NULL THEN f.ms_played ELSE s.ms_played END, CASE WHEN s.history_played_at IS NULL THEN f.reason_start WHEN f.history_played_at IS NULL THEN s.reason_start ELSE greatest(f.reason_start COLLATE "C", s.reason_start COLLATE "C") END, CASE WHEN s.history_played_at IS NULL THEN f.reason_end WHEN f.history_played_at IS NULL THEN s.reason_end ELSE greatest(f.reason_end COLLATE "C", s.reason_end COLLATE "C") END, CASE WHEN s.history_played_at IS NULL THEN f.shuffle WHEN f.history_played_at IS NULL THEN s.shuffle ELSE coalesce(f.shuffle OR s.shuffle, f.shuffle, s.shuffle) END, CASE WHEN s.history_played_at IS NULL THEN f.skipped WHEN f.history_played_at IS NULL THEN s.skipped ELSE coalesce(f.skipped OR s.skipped, f.skipped, s.skipped) END, CASE WHEN s.history_played_at IS NULL THEN f.offline WHEN f.history_played_at IS NULL THEN s.offline ELSE coalesce(f.offline OR s.offline, f.offline, s.offline) END, CASE WHEN s.history_played_at IS NULL THEN f.history_played_at ELSE s.history_played_at END))
  )
  LIMIT 1
), inserted AS (
  INSERT INTO "spotify".fact_play (account_id, played_at, date_key, time_key, track_id, album_id, primary_artist_id, context_type, context_uri, ms_played, source, reason_start, reason_end, shuffle, skipped, offline, history_played_at, loaded_at)
  SELECT s.account_id, timestamptz 'epoch' + s.played_at_ms * interval '1 millisecond' AS played_at, s.date_key, s.time_key, s.track_id, s.album_id, s.primary_artist_id, s.context_type, s.context_uri, s.ms_played, s.source, s.reason_start, s.reason_end, s.shuffle, s.skipped, s.offline, timestamptz 'epoch' + s.history_played_at_ms * interval '1 millisecond' AS history_played_at, now() FROM stage_play s
  WHERE NOT EXISTS (SELECT 1 FROM busy)
  ORDER BY s.account_id, s.played_at_ms
  ON CONFLICT (account_id, played_at) DO NOTHING
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM busy) AS busy, EXISTS (SELECT 1 FROM pending) AS pending, (SELECT count(*) FROM inserted)::int AS inserted
