WITH written AS (
  INSERT INTO "spotify".dim_account AS t (account_id, display_name, country, time_zone, is_inferred, updated_at)
  SELECT account_id, display_name, country, time_zone, false, now() FROM stage_account ORDER BY account_id
  ON CONFLICT (account_id) DO UPDATE SET display_name = excluded.display_name, country = excluded.country, time_zone = excluded.time_zone, is_inferred = false, updated_at = now()
  WHERE (t.display_name, t.country, t.time_zone) IS DISTINCT FROM (excluded.display_name, excluded.country, excluded.time_zone) OR t.is_inferred
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written
