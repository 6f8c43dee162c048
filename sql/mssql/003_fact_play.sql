-- 003_fact_play: the fact table, one row per play of one account.
-- Guarantees:
--   * Idempotent: the table is created only when OBJECT_ID is NULL, the index only when sys.indexes
--     lacks it.
--   * Key (account_id, played_at), enforced by a NONCLUSTERED primary key: an account cannot start
--     two plays in the same millisecond, so replays from Kafka are harmless (the writer's MERGE
--     inserts only keys that are not there).
--   * played_at is UTC, DATETIME2(3): millisecond precision, exactly as Spotify reports it.
--   * date_key/time_key are the local date and minute in the account's own time zone (computed
--     upstream, carried in PlayFact).
--   * The table is stored as a CLUSTERED COLUMNSTORE index: Tableau's scans and aggregations by date,
--     track and artist read only the columns they need and skip row groups by min/max, so no extra
--     b-tree indexes are kept on those columns (they would only slow the loads).
IF OBJECT_ID(N'[{{schema}}].fact_play', N'U') IS NULL
CREATE TABLE [{{schema}}].fact_play (
  account_id        NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
  played_at         DATETIME2(3) NOT NULL,
  date_key          INT NOT NULL,
  time_key          SMALLINT NOT NULL,
  track_id          NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
  album_id          NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
  primary_artist_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
  context_type      NVARCHAR(32) NULL,
  context_uri       NVARCHAR(2048) NULL,
  ms_played         BIGINT NULL,
  source            NVARCHAR(32) NOT NULL,
  reason_start      NVARCHAR(64) NULL,
  reason_end        NVARCHAR(64) NULL,
  shuffle           BIT NULL,
  skipped           BIT NULL,
  offline           BIT NULL,
  loaded_at         DATETIME2(3) NOT NULL CONSTRAINT df_fact_play_loaded_at DEFAULT (SYSUTCDATETIME()),
  CONSTRAINT pk_fact_play PRIMARY KEY NONCLUSTERED (account_id, played_at),
  CONSTRAINT fk_fact_play_account FOREIGN KEY (account_id) REFERENCES [{{schema}}].dim_account (account_id),
  CONSTRAINT fk_fact_play_date FOREIGN KEY (date_key) REFERENCES [{{schema}}].dim_date (date_key),
  CONSTRAINT fk_fact_play_time FOREIGN KEY (time_key) REFERENCES [{{schema}}].dim_time (time_key),
  CONSTRAINT fk_fact_play_track FOREIGN KEY (track_id) REFERENCES [{{schema}}].dim_track (track_id),
  CONSTRAINT fk_fact_play_album FOREIGN KEY (album_id) REFERENCES [{{schema}}].dim_album (album_id),
  CONSTRAINT fk_fact_play_artist FOREIGN KEY (primary_artist_id) REFERENCES [{{schema}}].dim_artist (artist_id)
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'[{{schema}}].fact_play') AND name = N'cci_fact_play')
CREATE CLUSTERED COLUMNSTORE INDEX cci_fact_play ON [{{schema}}].fact_play;
