-- 011_v_plays_track_status: v_plays tells which plays are of a track Spotify no longer serves and
-- which of a track known only by an export's names, so Tableau and the listening report can show or
-- filter them.
--   v_plays.is_unavailable  dim_track.is_unavailable (007): Spotify answered 404 for the track
--   v_plays.is_unresolved   dim_track.is_unresolved (006): no Spotify track matched the export's names
-- Guarantees:
--   * CREATE OR ALTER VIEW with the 004 column list unchanged and the two columns appended, so the
--     views built on v_plays keep working and existing Tableau fields keep their meaning; idempotent.
--   * A play whose track is missing from dim_track (never, the writer infers members) reads 0.
CREATE OR ALTER VIEW [{{schema}}].v_plays AS
SELECT
  f.account_id,
  ac.display_name AS account_name,
  ac.time_zone AS account_time_zone,
  f.played_at AS played_at_utc,
  d.full_date AS local_date,
  d.year AS local_year,
  d.quarter AS local_quarter,
  d.month AS local_month,
  d.month_name AS local_month_name,
  d.day_of_month AS local_day_of_month,
  d.weekday AS local_weekday,
  d.weekday_name AS local_weekday_name,
  d.is_weekend,
  d.iso_week,
  d.iso_year,
  tm.hour AS local_hour,
  tm.label AS local_time,
  tm.part_of_day,
  f.track_id,
  tr.name AS track_name,
  tr.explicit AS track_explicit,
  f.album_id,
  al.name AS album_name,
  al.album_type,
  al.release_year,
  al.image_url AS album_image_url,
  f.primary_artist_id AS artist_id,
  ar.name AS artist_name,
  f.context_type,
  f.context_uri,
  f.source,
  f.reason_start,
  f.reason_end,
  f.shuffle,
  f.skipped,
  f.offline,
  f.ms_played,
  CAST(COALESCE(f.ms_played, tr.duration_ms) / 60000.0 AS DECIMAL(18, 6)) AS minutes_played,
  CAST(IIF(f.ms_played IS NULL, 1, 0) AS BIT) AS ms_played_is_estimate,
  f.loaded_at,
  CAST(COALESCE(tr.is_unavailable, 0) AS BIT) AS is_unavailable,
  CAST(COALESCE(tr.is_unresolved, 0) AS BIT) AS is_unresolved
FROM [{{schema}}].fact_play f
JOIN [{{schema}}].dim_date d ON d.date_key = f.date_key
JOIN [{{schema}}].dim_time tm ON tm.time_key = f.time_key
LEFT JOIN [{{schema}}].dim_account ac ON ac.account_id = f.account_id
LEFT JOIN [{{schema}}].dim_track tr ON tr.track_id = f.track_id
LEFT JOIN [{{schema}}].dim_album al ON al.album_id = f.album_id
LEFT JOIN [{{schema}}].dim_artist ar ON ar.artist_id = f.primary_artist_id;
