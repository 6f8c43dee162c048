-- 001_dimensions: the schema and the descriptive dimensions of the star, keyed by Spotify ids.
--   [{{schema}}]              schema holding the warehouse (name substituted by the migrator)
--   dim_artist, dim_album, dim_track, dim_account, bridge_track_artist
-- Guarantees:
--   * Idempotent: the schema is created only when SCHEMA_ID is NULL, each table only when
--     OBJECT_ID is NULL, each index only when sys.indexes lacks it.
--   * Ids use a binary collation (Latin1_General_100_BIN2): Spotify ids are case-sensitive base62,
--     so 'abc' and 'ABC' are different keys, whatever the database's default collation.
--   * Every name is NVARCHAR (emoji, right-to-left scripts, 4-byte characters survive): names up to
--     2,000 characters, URLs and URIs up to 2,048.
--   * is_inferred marks a key-only member created for a fact (or track) that arrived before its
--     dimension record; the record, when it comes, completes the row and clears the flag.
--   * updated_at (UTC) changes only when a row's content changes (enforced by the writer's MERGE).
IF SCHEMA_ID(N'{{schema}}') IS NULL EXEC(N'CREATE SCHEMA [{{schema}}]');
GO
IF OBJECT_ID(N'[{{schema}}].dim_artist', N'U') IS NULL
CREATE TABLE [{{schema}}].dim_artist (
  artist_id   NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
  name        NVARCHAR(2000) NULL,
  uri         NVARCHAR(2048) NULL,
  is_inferred BIT NOT NULL CONSTRAINT df_dim_artist_is_inferred DEFAULT (0),
  updated_at  DATETIME2(3) NOT NULL CONSTRAINT df_dim_artist_updated_at DEFAULT (SYSUTCDATETIME()),
  CONSTRAINT pk_dim_artist PRIMARY KEY CLUSTERED (artist_id)
);
GO
IF OBJECT_ID(N'[{{schema}}].dim_album', N'U') IS NULL
CREATE TABLE [{{schema}}].dim_album (
  album_id               NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
  name                   NVARCHAR(2000) NULL,
  uri                    NVARCHAR(2048) NULL,
  album_type             NVARCHAR(64) NULL,
  release_date           NVARCHAR(32) NULL,
  release_date_precision NVARCHAR(16) NULL,
  release_year           INT NULL,
  total_tracks           INT NULL,
  image_url              NVARCHAR(2048) NULL,
  primary_artist_id      NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
  is_inferred            BIT NOT NULL CONSTRAINT df_dim_album_is_inferred DEFAULT (0),
  updated_at             DATETIME2(3) NOT NULL CONSTRAINT df_dim_album_updated_at DEFAULT (SYSUTCDATETIME()),
  CONSTRAINT pk_dim_album PRIMARY KEY CLUSTERED (album_id),
  CONSTRAINT fk_dim_album_artist FOREIGN KEY (primary_artist_id) REFERENCES [{{schema}}].dim_artist (artist_id)
);
GO
IF OBJECT_ID(N'[{{schema}}].dim_track', N'U') IS NULL
CREATE TABLE [{{schema}}].dim_track (
  track_id     NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
  name         NVARCHAR(2000) NULL,
  uri          NVARCHAR(2048) NULL,
  duration_ms  INT NULL,
  explicit     BIT NULL,
  disc_number  INT NULL,
  track_number INT NULL,
  album_id     NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
  isrc         NVARCHAR(32) NULL,
  is_inferred  BIT NOT NULL CONSTRAINT df_dim_track_is_inferred DEFAULT (0),
  updated_at   DATETIME2(3) NOT NULL CONSTRAINT df_dim_track_updated_at DEFAULT (SYSUTCDATETIME()),
  CONSTRAINT pk_dim_track PRIMARY KEY CLUSTERED (track_id),
  CONSTRAINT fk_dim_track_album FOREIGN KEY (album_id) REFERENCES [{{schema}}].dim_album (album_id)
);
GO
-- artist_position is 1-based in Spotify's order: position 1 is the track's primary artist.
IF OBJECT_ID(N'[{{schema}}].bridge_track_artist', N'U') IS NULL
CREATE TABLE [{{schema}}].bridge_track_artist (
  track_id        NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
  artist_position SMALLINT NOT NULL,
  artist_id       NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
  updated_at      DATETIME2(3) NOT NULL CONSTRAINT df_bridge_track_artist_updated_at DEFAULT (SYSUTCDATETIME()),
  CONSTRAINT pk_bridge_track_artist PRIMARY KEY CLUSTERED (track_id, artist_position),
  CONSTRAINT ck_bridge_track_artist_position CHECK (artist_position >= 1),
  CONSTRAINT fk_bridge_track_artist_track FOREIGN KEY (track_id) REFERENCES [{{schema}}].dim_track (track_id),
  CONSTRAINT fk_bridge_track_artist_artist FOREIGN KEY (artist_id) REFERENCES [{{schema}}].dim_artist (artist_id)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'[{{schema}}].bridge_track_artist') AND name = N'ix_bridge_track_artist_artist')
CREATE INDEX ix_bridge_track_artist_artist ON [{{schema}}].bridge_track_artist (artist_id);
GO
IF OBJECT_ID(N'[{{schema}}].dim_account', N'U') IS NULL
CREATE TABLE [{{schema}}].dim_account (
  account_id   NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
  display_name NVARCHAR(2000) NULL,
  country      NVARCHAR(8) NULL,
  time_zone    NVARCHAR(64) NULL,
  is_inferred  BIT NOT NULL CONSTRAINT df_dim_account_is_inferred DEFAULT (0),
  updated_at   DATETIME2(3) NOT NULL CONSTRAINT df_dim_account_updated_at DEFAULT (SYSUTCDATETIME()),
  CONSTRAINT pk_dim_account PRIMARY KEY CLUSTERED (account_id)
);
