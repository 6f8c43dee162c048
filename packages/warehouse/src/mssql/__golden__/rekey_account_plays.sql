UPDATE f SET date_key = k.date_key, time_key = k.time_key
FROM [spotify].fact_play AS f
JOIN OPENJSON(@spans) WITH (from_at DATETIME2(3) '$[0]', to_at DATETIME2(3) '$[1]', offset_s INT '$[2]') AS sp
  ON f.played_at >= sp.from_at AND f.played_at < sp.to_at
CROSS APPLY (SELECT DATEADD(SECOND, sp.offset_s, f.played_at) AS local_at) AS l
CROSS APPLY (SELECT CONVERT(INT, CONVERT(CHAR(8), l.local_at, 112)) AS date_key, CAST(DATEPART(HOUR, l.local_at) * 100 + DATEPART(MINUTE, l.local_at) AS SMALLINT) AS time_key) AS k
WHERE f.account_id = CAST(@account AS NVARCHAR(128)) COLLATE Latin1_General_100_BIN2 AND (f.date_key <> k.date_key OR f.time_key <> k.time_key);
SELECT @@ROWCOUNT AS rekeyed;
