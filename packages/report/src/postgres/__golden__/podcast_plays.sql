SELECT
  count(*) AS plays,
  count(DISTINCT track_id) AS episodes
FROM "spotify".v_podcast_plays WHERE account_id = $1 AND local_date >= $2::date AND local_date < $3::date
