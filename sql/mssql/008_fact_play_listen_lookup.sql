-- 008_fact_play_listen_lookup: the index a polled play uses to find its imported twin.
--   ix_fact_play_imported  (account_id, track_id, played_at) of the imported rows only
-- Why: a polled play without export fields can only be one listen with an imported row of the same
--   account and track within the tolerance. Restricted to imported rows, that seek touches only the
--   few candidates, and an index with nothing in it when an account never imported a history (the
--   common case), so it costs a polled load next to nothing.
-- Guarantees:
--   * Filtered index on source = N'history_import': rows merged with a polled play (source N'api')
--     leave it, so it holds only imports still waiting for their polled twin or without one.
--   * Idempotent: the index is created only when sys.indexes lacks it.
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_fact_play_imported' AND object_id = OBJECT_ID(N'[{{schema}}].fact_play'))
CREATE INDEX ix_fact_play_imported ON [{{schema}}].fact_play (account_id, track_id, played_at)
WHERE source = N'history_import';
