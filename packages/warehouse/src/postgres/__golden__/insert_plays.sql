INSERT INTO "spotify".fact_play (account_id, played_at, date_key, time_key, track_id, album_id, primary_artist_id, context_type, context_uri, ms_played, source, reason_start, reason_end, shuffle, skipped, offline, loaded_at)
SELECT account_id, timestamptz 'epoch' + played_at_ms * interval '1 millisecond', date_key, time_key, track_id, album_id, primary_artist_id, context_type, context_uri, ms_played, source, reason_start, reason_end, shuffle, skipped, offline, now() FROM stage_play ORDER BY account_id, played_at_ms
ON CONFLICT (account_id, played_at) DO NOTHING
