-- 004_views: the views a Tableau live connection reads; they hide keys behind readable names.
--   v_plays                  one row per play, every dimension joined
--   v_plays_by_hour_weekday  plays per account, ISO weekday and local hour
--   v_top_artists_by_month, v_top_tracks_by_month, v_top_albums_by_month
--                            plays per account, local month and member, ranked within the month
-- Guarantees:
--   * CREATE OR REPLACE VIEW: idempotent; columns are only ever appended in later migrations.
--   * Local date and time come from dim_date/dim_time through the fact's keys, i.e. in the
--     listener's own time zone; played_at_utc stays UTC.
--   * minutes_played uses ms_played when Spotify reported it (history import) and otherwise the
--     track's duration; ms_played_is_estimate says which.
--   * Dimension joins are LEFT JOINs, so a play is never hidden from Tableau by a missing member.
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
  f.loaded_at
FROM "{{schema}}".fact_play f
JOIN "{{schema}}".dim_date d ON d.date_key = f.date_key
JOIN "{{schema}}".dim_time tm ON tm.time_key = f.time_key
LEFT JOIN "{{schema}}".dim_account ac ON ac.account_id = f.account_id
LEFT JOIN "{{schema}}".dim_track tr ON tr.track_id = f.track_id
LEFT JOIN "{{schema}}".dim_album al ON al.album_id = f.album_id
LEFT JOIN "{{schema}}".dim_artist ar ON ar.artist_id = f.primary_artist_id;

CREATE OR REPLACE VIEW "{{schema}}".v_plays_by_hour_weekday AS
SELECT
  account_id,
  local_weekday,
  local_weekday_name,
  local_hour,
  count(*)            AS plays,
  sum(minutes_played) AS minutes_played
FROM "{{schema}}".v_plays
GROUP BY account_id, local_weekday, local_weekday_name, local_hour;

CREATE OR REPLACE VIEW "{{schema}}".v_top_artists_by_month AS
SELECT
  g.*,
  rank() OVER (PARTITION BY g.account_id, g.month_start ORDER BY g.plays DESC, g.minutes_played DESC) AS rank_in_month
FROM (
  SELECT
    account_id,
    make_date(local_year, local_month, 1) AS month_start,
    artist_id,
    max(artist_name)                      AS artist_name,
    count(*)                              AS plays,
    sum(minutes_played)                   AS minutes_played
  FROM "{{schema}}".v_plays
  GROUP BY account_id, make_date(local_year, local_month, 1), artist_id
) g;

CREATE OR REPLACE VIEW "{{schema}}".v_top_tracks_by_month AS
SELECT
  g.*,
  rank() OVER (PARTITION BY g.account_id, g.month_start ORDER BY g.plays DESC, g.minutes_played DESC) AS rank_in_month
FROM (
  SELECT
    account_id,
    make_date(local_year, local_month, 1) AS month_start,
    track_id,
    max(track_name)                       AS track_name,
    max(artist_name)                      AS artist_name,
    count(*)                              AS plays,
    sum(minutes_played)                   AS minutes_played
  FROM "{{schema}}".v_plays
  GROUP BY account_id, make_date(local_year, local_month, 1), track_id
) g;

CREATE OR REPLACE VIEW "{{schema}}".v_top_albums_by_month AS
SELECT
  g.*,
  rank() OVER (PARTITION BY g.account_id, g.month_start ORDER BY g.plays DESC, g.minutes_played DESC) AS rank_in_month
FROM (
  SELECT
    account_id,
    make_date(local_year, local_month, 1) AS month_start,
    album_id,
    max(album_name)                       AS album_name,
    max(artist_name)                      AS artist_name,
    count(*)                              AS plays,
    sum(minutes_played)                   AS minutes_played
  FROM "{{schema}}".v_plays
  GROUP BY account_id, make_date(local_year, local_month, 1), album_id
) g;
