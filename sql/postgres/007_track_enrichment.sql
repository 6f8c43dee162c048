-- 007_track_enrichment: history imports completed by looking their tracks up on Spotify.
--   dim_track.is_unavailable  Spotify no longer serves the track (GET /v1/tracks/{id} answered 404):
--                             it keeps the export's names, stays inferred, and is never looked up again
-- Guarantees:
--   * The tracks still to look up are exactly the inferred, available, resolvable ones (a Spotify id,
--     not an `unresolved:` name-only id), so enrichment progress is derived from the warehouse alone.
--   * ADD COLUMN IF NOT EXISTS with a constant default: idempotent, no table rewrite.
--   * The partial indexes hold only what is still to do (tracks to look up, facts on placeholder keys
--     of an import), so they stay small and cost a load nothing once enrichment has caught up.
ALTER TABLE "{{schema}}".dim_track ADD COLUMN IF NOT EXISTS is_unavailable boolean NOT NULL DEFAULT false;

CREATE INDEX IF NOT EXISTS ix_dim_track_to_enrich ON "{{schema}}".dim_track (track_id)
WHERE is_inferred AND NOT is_unavailable AND NOT is_unresolved;

CREATE INDEX IF NOT EXISTS ix_fact_play_placeholder_keys ON "{{schema}}".fact_play (track_id)
WHERE album_id LIKE 'export-album:%' OR primary_artist_id LIKE 'export-artist:%';
