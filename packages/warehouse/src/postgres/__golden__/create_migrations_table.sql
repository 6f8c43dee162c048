CREATE SCHEMA IF NOT EXISTS "spotify";
CREATE TABLE IF NOT EXISTS "spotify".schema_migrations (
  version    integer     NOT NULL PRIMARY KEY,
  name       text        NOT NULL,
  checksum   text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)
