-- 005_fact_play_unenforced_keys: drops the foreign keys of fact_play (PostgreSQL only).
-- Why: PostgreSQL checks a foreign key with a trigger per inserted row; the six on fact_play made a
--   20k-row load about 2.5x slower (~37k vs ~97k rows/s measured on the dev machine), far below the
--   pipeline's throughput target. Referential integrity of facts is kept by the writer instead:
--   * in the same transaction, before the facts, it inserts an inferred member for every account,
--     track, album and artist a fact references and the dimension lacks (INSERT ... ON CONFLICT DO
--     NOTHING), so every dimension key resolves at commit;
--   * it refuses (InvalidRecordError) a local_date_key that is not a real day in dim_date's range
--     2000-01-01..2050-12-31 and a local_time_key that is not a minute of the day.
--   Dimension-to-dimension keys (album -> artist, track -> album, bridge) stay enforced; they are
--   few rows a batch. SQL Server keeps every key (its checks are set-based joins, see mssql/005).
-- Guarantees: DROP CONSTRAINT IF EXISTS: idempotent.
ALTER TABLE "{{schema}}".fact_play
  DROP CONSTRAINT IF EXISTS fact_play_account_id_fkey,
  DROP CONSTRAINT IF EXISTS fact_play_date_key_fkey,
  DROP CONSTRAINT IF EXISTS fact_play_time_key_fkey,
  DROP CONSTRAINT IF EXISTS fact_play_track_id_fkey,
  DROP CONSTRAINT IF EXISTS fact_play_album_id_fkey,
  DROP CONSTRAINT IF EXISTS fact_play_primary_artist_id_fkey;
