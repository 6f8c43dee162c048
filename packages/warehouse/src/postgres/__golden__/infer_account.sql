INSERT INTO "spotify".dim_account (account_id, is_inferred, updated_at)
SELECT k.id, true, now()
FROM (SELECT account_id FROM stage_play) AS k (id)
WHERE k.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "spotify".dim_account d WHERE d.account_id = k.id)
GROUP BY k.id
ORDER BY k.id
ON CONFLICT (account_id) DO NOTHING
