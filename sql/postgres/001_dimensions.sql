-- 001_dimensions: the schema and the descriptive dimensions of the star, keyed by Spotify ids.
--   {{schema}}                schema holding the warehouse (name substituted by the migrator)
--   dim_artist, dim_album, dim_track, dim_account, bridge_track_artist
-- Guarantees:
--   * Every statement is idempotent (CREATE ... IF NOT EXISTS), so a half-applied file can be re-run.
--   * Natural keys are primary keys: a Spotify id appears once per dimension.
--   * is_inferred marks a key-only member created for a fact (or track) that arrived before its
--     dimension record; the record, when it comes, completes the row and clears the flag.
--   * updated_at changes only when a row's content changes (enforced by the writer's upsert).
--   * Foreign keys follow the load order artist -> album -> track -> bridge, so a row never points at
--     a member that does not exist (the writer inserts inferred members first).
CREATE SCHEMA IF NOT EXISTS "{{schema}}";

CREATE TABLE IF NOT EXISTS "{{schema}}".dim_artist (
  artist_id   text COLLATE "C"        NOT NULL PRIMARY KEY,
  name        text,
  uri         text,
  is_inferred boolean     NOT NULL DEFAULT false,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS "{{schema}}".dim_album (
  album_id               text COLLATE "C"        NOT NULL PRIMARY KEY,
  name                   text,
  uri                    text,
  album_type             text,
  release_date           text,
  release_date_precision text,
  release_year           integer,
  total_tracks           integer,
  image_url              text,
  primary_artist_id      text COLLATE "C"        REFERENCES "{{schema}}".dim_artist (artist_id),
  is_inferred            boolean     NOT NULL DEFAULT false,
  updated_at             timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS "{{schema}}".dim_track (
  track_id     text COLLATE "C"        NOT NULL PRIMARY KEY,
  name         text,
  uri          text,
  duration_ms  integer,
  explicit     boolean,
  disc_number  integer,
  track_number integer,
  album_id     text COLLATE "C"        REFERENCES "{{schema}}".dim_album (album_id),
  isrc         text,
  is_inferred  boolean     NOT NULL DEFAULT false,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- artist_position is 1-based in Spotify's order: position 1 is the track's primary artist.
CREATE TABLE IF NOT EXISTS "{{schema}}".bridge_track_artist (
  track_id        text COLLATE "C"        NOT NULL REFERENCES "{{schema}}".dim_track (track_id),
  artist_position smallint    NOT NULL CHECK (artist_position >= 1),
  artist_id       text COLLATE "C"        NOT NULL REFERENCES "{{schema}}".dim_artist (artist_id),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (track_id, artist_position)
);

CREATE INDEX IF NOT EXISTS ix_bridge_track_artist_artist ON "{{schema}}".bridge_track_artist (artist_id);

CREATE TABLE IF NOT EXISTS "{{schema}}".dim_account (
  account_id   text COLLATE "C"        NOT NULL PRIMARY KEY,
  display_name text,
  country      text,
  time_zone    text,
  is_inferred  boolean     NOT NULL DEFAULT false,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
