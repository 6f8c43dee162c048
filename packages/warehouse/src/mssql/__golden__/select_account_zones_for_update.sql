SELECT d.account_id, d.time_zone FROM [spotify].dim_account AS d WITH (UPDLOCK, HOLDLOCK)
WHERE d.account_id IN (SELECT k.id COLLATE Latin1_General_100_BIN2 FROM OPENJSON(@ids) WITH (id NVARCHAR(128) '$') AS k) ORDER BY d.account_id
