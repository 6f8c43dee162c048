SELECT account_id, time_zone FROM "spotify".dim_account WHERE account_id = ANY($1::text[]) ORDER BY account_id FOR NO KEY UPDATE
