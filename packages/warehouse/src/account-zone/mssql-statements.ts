// The SQL Server half of the account-zone rule (see index.ts). Pinned by mssql/__golden__ and
// parsed by the T-SQL grammar like every other statement.

const BIN = 'Latin1_General_100_BIN2';
const ACCOUNT = `CAST(@account AS NVARCHAR(128)) COLLATE ${BIN}`;
const IDS = `(SELECT k.id COLLATE ${BIN} FROM OPENJSON(@ids) WITH (id NVARCHAR(128) '$') AS k)`;

/**
 * @ids: JSON array of account ids. The stored zones of the batch's described accounts, their rows
 * update-locked until the transaction ends (see postgres-statements.ts for why).
 */
export function selectAccountZonesForUpdate(schema: string): string {
  return `SELECT d.account_id, d.time_zone FROM [${schema}].dim_account AS d WITH (UPDLOCK, HOLDLOCK)
WHERE d.account_id IN ${IDS} ORDER BY d.account_id`;
}

/**
 * @ids: JSON array of account ids. The zones of the accounts a batch's plays belong to (null: none
 * known), share-locked until the transaction ends: a zone change's MERGE waits for this batch.
 */
export function selectPlayAccountZones(schema: string): string {
  return `SELECT d.account_id, d.time_zone FROM [${schema}].dim_account AS d WITH (HOLDLOCK)
WHERE d.account_id IN ${IDS} ORDER BY d.account_id`;
}

/** @account. The first and last played_at (ms since 1970) of its facts; nulls when it has none. */
export function selectAccountSpan(schema: string): string {
  return `SELECT CAST(DATEDIFF_BIG(MILLISECOND, CAST('1970-01-01' AS DATETIME2(3)), MIN(f.played_at)) AS NVARCHAR(20)) AS from_ms,
  CAST(DATEDIFF_BIG(MILLISECOND, CAST('1970-01-01' AS DATETIME2(3)), MAX(f.played_at)) AS NVARCHAR(20)) AS to_ms
FROM [${schema}].fact_play AS f WHERE f.account_id = ${ACCOUNT}`;
}

/**
 * @account; @spans: JSON array of [from, to, offset_s] with from/to as UTC DATETIME2(3) text. Every
 * fact of the account within a span gets the local keys of its played_at at the span's offset;
 * rows already right are not written. Returns how many rows changed.
 */
export function rekeyAccountPlays(schema: string): string {
  return `UPDATE f SET date_key = k.date_key, time_key = k.time_key
FROM [${schema}].fact_play AS f
JOIN OPENJSON(@spans) WITH (from_at DATETIME2(3) '$[0]', to_at DATETIME2(3) '$[1]', offset_s INT '$[2]') AS sp
  ON f.played_at >= sp.from_at AND f.played_at < sp.to_at
CROSS APPLY (SELECT DATEADD(SECOND, sp.offset_s, f.played_at) AS local_at) AS l
CROSS APPLY (SELECT CONVERT(INT, CONVERT(CHAR(8), l.local_at, 112)) AS date_key, CAST(DATEPART(HOUR, l.local_at) * 100 + DATEPART(MINUTE, l.local_at) AS SMALLINT) AS time_key) AS k
WHERE f.account_id = ${ACCOUNT} AND (f.date_key <> k.date_key OR f.time_key <> k.time_key);
SELECT @@ROWCOUNT AS rekeyed;`;
}
