SELECT count(pg_advisory_xact_lock(hashtext($1), x.bucket))::int AS locked
FROM (SELECT DISTINCT (hashtextextended(account_id, 0) & 4095)::int AS bucket FROM stage_play ORDER BY 1) AS x
