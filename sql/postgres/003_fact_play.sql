-- 003_fact_play: the fact table, one row per play of one account.
-- Guarantees:
--   * Key (account_id, played_at): an account cannot start two plays in the same millisecond, so the
--     key makes replays from Kafka harmless (the writer inserts with ON CONFLICT DO NOTHING).
--   * played_at is UTC with millisecond precision (timestamptz(3)), exactly as Spotify reports it.
--   * date_key/time_key are the local date and minute in the account's own time zone (computed
--     upstream, carried in PlayFact), so "plays by hour of day" means the listener's hour.
--   * Every dimension key is a foreign key; the writer inserts inferred members first, so a fact
--     never waits for its dimensions.
--   * CREATE ... IF NOT EXISTS throughout: idempotent. Indexes serve Tableau's usual slices: by date,
--     by track, by artist.
CREATE TABLE IF NOT EXISTS "{{schema}}".fact_play (
  account_id        text COLLATE "C"           NOT NULL REFERENCES "{{schema}}".dim_account (account_id),
  played_at         timestamptz(3) NOT NULL,
  date_key          integer        NOT NULL REFERENCES "{{schema}}".dim_date (date_key),
  time_key          smallint       NOT NULL REFERENCES "{{schema}}".dim_time (time_key),
  track_id          text COLLATE "C"           NOT NULL REFERENCES "{{schema}}".dim_track (track_id),
  album_id          text COLLATE "C"           REFERENCES "{{schema}}".dim_album (album_id),
  primary_artist_id text COLLATE "C"           REFERENCES "{{schema}}".dim_artist (artist_id),
  context_type      text,
  context_uri       text,
  ms_played         bigint,
  source            text           NOT NULL,
  reason_start      text,
  reason_end        text,
  shuffle           boolean,
  skipped           boolean,
  offline           boolean,
  loaded_at         timestamptz    NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, played_at)
);

CREATE INDEX IF NOT EXISTS ix_fact_play_date ON "{{schema}}".fact_play (date_key);
CREATE INDEX IF NOT EXISTS ix_fact_play_track ON "{{schema}}".fact_play (track_id);
CREATE INDEX IF NOT EXISTS ix_fact_play_artist ON "{{schema}}".fact_play (primary_artist_id);
