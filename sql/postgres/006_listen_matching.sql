-- 006_listen_matching: one listen, one row, whether it was polled, imported from a data export, or both.
--   fact_play.history_played_at  the export's time of the listen when the row carries the export's
--                                fields (ms_played, reason_start/end, shuffle, skipped, offline);
--                                null for a polled play no export has described (yet)
--   dim_track.is_unresolved      a track known only by the names of an account-data export (its key is
--                                the importer's synthetic `unresolved:` id); no Spotify track matched it
-- Guarantees:
--   * The writer matches an imported and a polled play of the same account and track whose times
--     differ by at most min(LISTEN_MATCH_TOLERANCE_MS, the track's duration) and keeps one row: the
--     polled played_at (the key) and keys, the export's fields, history_played_at = the export's time.
--     A re-imported play finds its row by history_played_at and changes nothing.
--   * The match probes the primary key (account_id, played_at) over the tolerance window, so no new
--     index is needed on fact_play (each would slow every load).
--   * ADD COLUMN IF NOT EXISTS with constant defaults: idempotent, no table rewrite. Existing imported
--     rows get history_played_at = played_at, so rows loaded before this migration match like new ones.
ALTER TABLE "{{schema}}".fact_play ADD COLUMN IF NOT EXISTS history_played_at timestamptz(3);

UPDATE "{{schema}}".fact_play SET history_played_at = played_at
WHERE source = 'history_import' AND history_played_at IS NULL;

ALTER TABLE "{{schema}}".dim_track ADD COLUMN IF NOT EXISTS is_unresolved boolean NOT NULL DEFAULT false;

-- Name lookups of unresolved tracks (late resolution when a real track with the same names arrives).
CREATE INDEX IF NOT EXISTS ix_dim_track_unresolved ON "{{schema}}".dim_track (track_id) WHERE is_unresolved;
