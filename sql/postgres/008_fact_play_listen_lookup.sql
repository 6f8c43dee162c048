-- 008_fact_play_listen_lookup: the index a polled play uses to find its imported twin.
--   ix_fact_play_imported  (account_id, track_id, played_at) of the imported rows only
-- Why: a polled play without export fields can only be one listen with an imported row of the same
--   account and track within the tolerance. Searching the whole table for it (the primary key's
--   time range ANDed with the track index) cost more than half of a 20k-row load. Restricted to
--   imported rows the probe is one index descent, and an index with nothing in it when an account
--   never imported a history (the common case), so it costs a polled load next to nothing.
-- Guarantees:
--   * Partial index on source = 'history_import': rows merged with a polled play (source 'api')
--     leave it, so it holds only imports still waiting for their polled twin or without one.
--   * CREATE INDEX IF NOT EXISTS: idempotent.
CREATE INDEX IF NOT EXISTS ix_fact_play_imported ON "{{schema}}".fact_play (account_id, track_id, played_at)
WHERE source = 'history_import';
