WITH spans AS (
  SELECT timestamptz 'epoch' + (s ->> 0)::bigint * interval '1 millisecond' AS from_at,
    timestamptz 'epoch' + (s ->> 1)::bigint * interval '1 millisecond' AS to_at,
    (s ->> 2)::integer AS offset_s
  FROM jsonb_array_elements($2::jsonb) AS s
), local AS (
  SELECT f.played_at, (f.played_at AT TIME ZONE 'UTC') + sp.offset_s * interval '1 second' AS local_at
  FROM spans sp JOIN "spotify".fact_play f ON f.account_id = $1 AND f.played_at >= sp.from_at AND f.played_at < sp.to_at
), keyed AS (
  SELECT played_at, to_char(local_at, 'YYYYMMDD')::integer AS date_key,
    (extract(hour FROM local_at) * 100 + extract(minute FROM local_at))::smallint AS time_key
  FROM local
), changed AS (
  UPDATE "spotify".fact_play f SET date_key = k.date_key, time_key = k.time_key
  FROM keyed k
  WHERE f.account_id = $1 AND f.played_at = k.played_at AND (f.date_key, f.time_key) IS DISTINCT FROM (k.date_key, k.time_key)
  RETURNING 1
)
SELECT count(*)::int AS rekeyed FROM changed
