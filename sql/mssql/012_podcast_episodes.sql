-- 012_podcast_episodes: podcast episodes found among an import's name-only music plays.
--   dim_track.is_episode        the enrichment's name search (GET /v1/search?type=track,episode, then
--                               GET /v1/episodes/{id}) found an episode of that name whose show has the
--                               play's artist name: a pre-2023 account-data export wrote a podcast
--                               episode into the music files (show as artistName, episode as trackName)
--   dim_track.is_name_searched  a name-only (unresolved) track the enrichment has searched for, so it is
--                               searched once
--   v_plays                     the music: plays of a track flagged is_episode are left out, and with
--                               them out of every view built on it (the top artists, tracks, albums,
--                               the hour-by-weekday heatmap) and out of the listening report
--   v_podcast_plays             those plays, with v_plays' columns (artist_name is the show,
--                               track_name the episode), so nothing found is hidden
-- Guarantees:
--   * ADD with constant defaults, each only when the column is missing: no table rewrite; nothing is an episode until
--     the enrichment says so.
--   * CREATE OR ALTER VIEW with v_plays' column list unchanged (011), idempotent.
--   * The partial index holds only what is still to search, so it costs a load nothing afterwards.
IF COL_LENGTH(N'[{{schema}}].dim_track', N'is_episode') IS NULL
ALTER TABLE [{{schema}}].dim_track ADD is_episode BIT NOT NULL CONSTRAINT df_dim_track_is_episode DEFAULT (0);
GO
IF COL_LENGTH(N'[{{schema}}].dim_track', N'is_name_searched') IS NULL
ALTER TABLE [{{schema}}].dim_track ADD is_name_searched BIT NOT NULL CONSTRAINT df_dim_track_is_name_searched DEFAULT (0);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_dim_track_to_search' AND object_id = OBJECT_ID(N'[{{schema}}].dim_track'))
CREATE INDEX ix_dim_track_to_search ON [{{schema}}].dim_track (track_id)
WHERE is_unresolved = 1 AND is_name_searched = 0;
GO
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
LEFT JOIN [{{schema}}].dim_artist ar ON ar.artist_id = f.primary_artist_id
WHERE COALESCE(tr.is_episode, 0) = 0;
GO
CREATE OR ALTER VIEW [{{schema}}].v_podcast_plays AS
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
LEFT JOIN [{{schema}}].dim_artist ar ON ar.artist_id = f.primary_artist_id
WHERE COALESCE(tr.is_episode, 0) = 1;
