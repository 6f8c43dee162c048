WITH candidates AS (
  SELECT account_id, display_name, country, time_zone, false AS is_inferred FROM stage_account
  UNION ALL
  SELECT k.id, NULL, NULL, NULL, true
  FROM (SELECT account_id FROM stage_play) AS k (id)
  WHERE k.id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM "spotify".dim_account d WHERE d.account_id = k.id)
    AND NOT EXISTS (SELECT 1 FROM stage_account s WHERE s.account_id = k.id)
  GROUP BY k.id
), written AS (
  INSERT INTO "spotify".dim_account AS t (account_id, display_name, country, time_zone, is_inferred, updated_at)
  SELECT account_id, display_name, country, time_zone, is_inferred, now() FROM candidates ORDER BY account_id
  ON CONFLICT (account_id) DO UPDATE SET display_name = excluded.display_name, country = excluded.country, time_zone = excluded.time_zone, is_inferred = false, updated_at = now()
  WHERE NOT excluded.is_inferred
    AND ((t.display_name, t.country, t.time_zone) IS DISTINCT FROM (excluded.display_name, excluded.country, excluded.time_zone) OR t.is_inferred)
  RETURNING (xmax = 0) AS inserted, t.is_inferred
)
SELECT count(*) FILTER (WHERE inserted AND NOT is_inferred)::int AS inserted,
  count(*) FILTER (WHERE NOT inserted)::int AS updated,
  count(*) FILTER (WHERE inserted AND is_inferred)::int AS inferred
FROM written
