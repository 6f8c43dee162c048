-- 009_listen_identity: rows imported before the importer's listen identity.
--   fact_play.history_is_legacy  true for a row whose export fields were loaded before this migration:
--                                its history_played_at is the export's second, or a per-file nudge of
--                                a few ms, not the identity's slot (see README "One listen, one row")
-- Why: a new import keys each listen at its second plus a slot from a hash of its identity. Without
--   the flag it would not find the rows loaded earlier and would give each of those listens a second
--   row. The writer takes a legacy row of the same track, second and ms_played as that listen's row
--   and re-stamps it (the flag is cleared); a row stamped by the identity must match it exactly, so a
--   track repeated within one minute stays several listens.
-- Guarantees:
--   * ADD COLUMN IF NOT EXISTS with a constant default: no table rewrite; new rows are not legacy.
--   * The backfill runs once (the migration is applied once) and touches only rows with export fields.
ALTER TABLE "{{schema}}".fact_play ADD COLUMN IF NOT EXISTS history_is_legacy boolean NOT NULL DEFAULT false;

UPDATE "{{schema}}".fact_play SET history_is_legacy = true
WHERE history_played_at IS NOT NULL AND NOT history_is_legacy;
