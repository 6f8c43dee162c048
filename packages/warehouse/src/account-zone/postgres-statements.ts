// The PostgreSQL half of the account-zone rule (see index.ts). Pinned by postgres/__golden__.

/**
 * $1: text[] of account ids. The stored zones of the batch's described accounts, their rows locked
 * FOR NO KEY UPDATE, the lock the account upsert that follows takes anyway (so the facts' foreign
 * key checks, FOR KEY SHARE, are not held up): a concurrent fact load of one of them (which reads
 * the zone FOR SHARE) waits until this transaction has changed the zone and re-keyed its facts, or
 * this one waits for it, and then re-keys its rows too.
 */
export function selectAccountZonesForUpdate(schema: string): string {
  return `SELECT account_id, time_zone FROM "${schema}".dim_account WHERE account_id = ANY($1::text[]) ORDER BY account_id FOR NO KEY UPDATE`;
}

/**
 * $1: text[] of account ids. The zones of the accounts a batch's plays belong to (null: none known),
 * read FOR SHARE: it waits for a zone change in flight (FOR NO KEY UPDATE above) and keeps a new one
 * out until this batch commits. Every row is locked, a null zone's too: filtering on it would skip
 * the wait for a zone being set.
 */
export function selectPlayAccountZones(schema: string): string {
  return `SELECT account_id, time_zone FROM "${schema}".dim_account WHERE account_id = ANY($1::text[]) ORDER BY account_id FOR SHARE`;
}

/** $1: account id. The first and last played_at (ms) of its facts; nulls when it has none. */
export function selectAccountSpan(schema: string): string {
  return `SELECT (extract(epoch FROM min(played_at)) * 1000)::bigint::text AS from_ms, (extract(epoch FROM max(played_at)) * 1000)::bigint::text AS to_ms
FROM "${schema}".fact_play WHERE account_id = $1`;
}

/**
 * $1: account id; $2: JSON array of [from_ms, to_ms, offset_s] spans (zone-offsets.ts). Every fact
 * of the account within a span gets the local date and time keys of its played_at at the span's
 * offset; rows whose keys are already right are not written. Returns how many rows changed.
 */
export function rekeyAccountPlays(schema: string): string {
  return `WITH spans AS (
  SELECT timestamptz 'epoch' + (s ->> 0)::bigint * interval '1 millisecond' AS from_at,
    timestamptz 'epoch' + (s ->> 1)::bigint * interval '1 millisecond' AS to_at,
    (s ->> 2)::integer AS offset_s
  FROM jsonb_array_elements($2::jsonb) AS s
), local AS (
  SELECT f.played_at, (f.played_at AT TIME ZONE 'UTC') + sp.offset_s * interval '1 second' AS local_at
  FROM spans sp JOIN "${schema}".fact_play f ON f.account_id = $1 AND f.played_at >= sp.from_at AND f.played_at < sp.to_at
), keyed AS (
  SELECT played_at, to_char(local_at, 'YYYYMMDD')::integer AS date_key,
    (extract(hour FROM local_at) * 100 + extract(minute FROM local_at))::smallint AS time_key
  FROM local
), changed AS (
  UPDATE "${schema}".fact_play f SET date_key = k.date_key, time_key = k.time_key
  FROM keyed k
  WHERE f.account_id = $1 AND f.played_at = k.played_at AND (f.date_key, f.time_key) IS DISTINCT FROM (k.date_key, k.time_key)
  RETURNING 1
)
SELECT count(*)::int AS rekeyed FROM changed`;
}
