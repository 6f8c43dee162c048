SELECT (extract(epoch FROM min(played_at)) * 1000)::bigint::text AS from_ms, (extract(epoch FROM max(played_at)) * 1000)::bigint::text AS to_ms
FROM "spotify".fact_play WHERE account_id = $1
