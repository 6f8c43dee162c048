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
--   * ADD COLUMN IF NOT EXISTS with constant defaults: no table rewrite; nothing is an episode until
--     the enrichment says so.
--   * CREATE OR REPLACE VIEW with v_plays' column list unchanged (011), idempotent.
--   * The partial index holds only what is still to search, so it costs a load nothing afterwards.
ALTER TABLE "{{schema}}".dim_track ADD COLUMN IF NOT EXISTS is_episode boolean NOT NULL DEFAULT false;
ALTER TABLE "{{schema}}".dim_track ADD COLUMN IF NOT EXISTS is_name_searched boolean NOT NULL DEFAULT false;

CREATE INDEX IF NOT EXISTS ix_dim_track_to_search ON "{{schema}}".dim_track (track_id)
WHERE is_unresolved AND NOT is_name_searched;

CREATE OR REPLACE VIEW "{{schema}}".v_plays AS
SELECT
  f.account_id,
  ac.display_name                                   AS account_name,
  ac.time_zone                                      AS account_time_zone,
  f.played_at                                       AS played_at_utc,
  d.full_date                                       AS local_date,
  d.year                                            AS local_year,
  d.quarter                                         AS local_quarter,
  d.month                                           AS local_month,
  d.month_name                                      AS local_month_name,
  d.day_of_month                                    AS local_day_of_month,
  d.weekday                                         AS local_weekday,
  d.weekday_name                                    AS local_weekday_name,
  d.is_weekend,
  d.iso_week,
  d.iso_year,
  tm.hour                                           AS local_hour,
  tm.label                                          AS local_time,
  tm.part_of_day,
  f.track_id,
  tr.name                                           AS track_name,
  tr.explicit                                       AS track_explicit,
  f.album_id,
  al.name                                           AS album_name,
  al.album_type,
  al.release_year,
  al.image_url                                      AS album_image_url,
  f.primary_artist_id                               AS artist_id,
  ar.name                                           AS artist_name,
  f.context_type,
  f.context_uri,
  f.source,
  f.reason_start,
  f.reason_end,
  f.shuffle,
  f.skipped,
  f.offline,
  f.ms_played,
  coalesce(f.ms_played, tr.duration_ms) / 60000.0   AS minutes_played,
  f.ms_played IS NULL                               AS ms_played_is_estimate,
  f.loaded_at,
  coalesce(tr.is_unavailable, false)                AS is_unavailable,
  coalesce(tr.is_unresolved, false)                 AS is_unresolved
FROM "{{schema}}".fact_play f
JOIN "{{schema}}".dim_date d ON d.date_key = f.date_key
JOIN "{{schema}}".dim_time tm ON tm.time_key = f.time_key
LEFT JOIN "{{schema}}".dim_account ac ON ac.account_id = f.account_id
LEFT JOIN "{{schema}}".dim_track tr ON tr.track_id = f.track_id
LEFT JOIN "{{schema}}".dim_album al ON al.album_id = f.album_id
LEFT JOIN "{{schema}}".dim_artist ar ON ar.artist_id = f.primary_artist_id
WHERE NOT coalesce(tr.is_episode, false);

CREATE OR REPLACE VIEW "{{schema}}".v_podcast_plays AS
SELECT
  f.account_id,
  ac.display_name                                   AS account_name,
  ac.time_zone                                      AS account_time_zone,
  f.played_at                                       AS played_at_utc,
  d.full_date                                       AS local_date,
  d.year                                            AS local_year,
  d.quarter                                         AS local_quarter,
  d.month                                           AS local_month,
  d.month_name                                      AS local_month_name,
  d.day_of_month                                    AS local_day_of_month,
  d.weekday                                         AS local_weekday,
  d.weekday_name                                    AS local_weekday_name,
  d.is_weekend,
  d.iso_week,
  d.iso_year,
  tm.hour                                           AS local_hour,
  tm.label                                          AS local_time,
  tm.part_of_day,
  f.track_id,
  tr.name                                           AS track_name,
  tr.explicit                                       AS track_explicit,
  f.album_id,
  al.name                                           AS album_name,
  al.album_type,
  al.release_year,
  al.image_url                                      AS album_image_url,
  f.primary_artist_id                               AS artist_id,
  ar.name                                           AS artist_name,
  f.context_type,
  f.context_uri,
  f.source,
  f.reason_start,
  f.reason_end,
  f.shuffle,
  f.skipped,
  f.offline,
  f.ms_played,
  coalesce(f.ms_played, tr.duration_ms) / 60000.0   AS minutes_played,
  f.ms_played IS NULL                               AS ms_played_is_estimate,
  f.loaded_at,
  coalesce(tr.is_unavailable, false)                AS is_unavailable,
  coalesce(tr.is_unresolved, false)                 AS is_unresolved
FROM "{{schema}}".fact_play f
JOIN "{{schema}}".dim_date d ON d.date_key = f.date_key
JOIN "{{schema}}".dim_time tm ON tm.time_key = f.time_key
LEFT JOIN "{{schema}}".dim_account ac ON ac.account_id = f.account_id
LEFT JOIN "{{schema}}".dim_track tr ON tr.track_id = f.track_id
LEFT JOIN "{{schema}}".dim_album al ON al.album_id = f.album_id
LEFT JOIN "{{schema}}".dim_artist ar ON ar.artist_id = f.primary_artist_id
WHERE coalesce(tr.is_episode, false);
