-- 007_track_enrichment: history imports completed by looking their tracks up on Spotify.
--   dim_track.is_unavailable  Spotify no longer serves the track (GET /v1/tracks/{id} answered 404):
--                             it keeps the export's names, stays inferred, and is never looked up again
-- Guarantees:
--   * The tracks still to look up are exactly the inferred, available, resolvable ones (a Spotify id,
--     not an `unresolved:` name-only id), so enrichment progress is derived from the warehouse alone.
--   * Idempotent: the column is added only when COL_LENGTH is NULL, the index only when sys.indexes
--     lacks it. The filtered index holds only the tracks still to look up.
IF COL_LENGTH(N'[{{schema}}].dim_track', N'is_unavailable') IS NULL
ALTER TABLE [{{schema}}].dim_track ADD is_unavailable BIT NOT NULL CONSTRAINT df_dim_track_is_unavailable DEFAULT (0);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_dim_track_to_enrich' AND object_id = OBJECT_ID(N'[{{schema}}].dim_track'))
CREATE INDEX ix_dim_track_to_enrich ON [{{schema}}].dim_track (track_id)
WHERE is_inferred = 1 AND is_unavailable = 0 AND is_unresolved = 0;
