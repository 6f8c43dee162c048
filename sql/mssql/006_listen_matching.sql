-- 006_listen_matching: one listen, one row, whether it was polled, imported from a data export, or both.
--   fact_play.history_played_at  the export's time of the listen when the row carries the export's
--                                fields (ms_played, reason_start/end, shuffle, skipped, offline);
--                                NULL for a polled play no export has described (yet)
--   dim_track.is_unresolved      a track known only by the names of an account-data export (its key is
--                                the importer's synthetic `unresolved:` id); no Spotify track matched it
-- Guarantees:
--   * The writer matches an imported and a polled play of the same account and track whose times
--     differ by at most min(LISTEN_MATCH_TOLERANCE_MS, the track's duration) and keeps one row: the
--     polled played_at (the key) and keys, the export's fields, history_played_at = the export's time.
--   * The match seeks the primary key (account_id, played_at) over the tolerance window; no new index.
--   * Idempotent: each column is added only when COL_LENGTH is NULL; the backfill touches only rows
--     it has not filled yet.
IF COL_LENGTH(N'[{{schema}}].fact_play', N'history_played_at') IS NULL
ALTER TABLE [{{schema}}].fact_play ADD history_played_at DATETIME2(3) NULL;
GO
UPDATE [{{schema}}].fact_play SET history_played_at = played_at
WHERE source = N'history_import' AND history_played_at IS NULL;
GO
IF COL_LENGTH(N'[{{schema}}].dim_track', N'is_unresolved') IS NULL
ALTER TABLE [{{schema}}].dim_track ADD is_unresolved BIT NOT NULL CONSTRAINT df_dim_track_is_unresolved DEFAULT (0);
