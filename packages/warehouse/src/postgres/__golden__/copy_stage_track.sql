COPY stage_track (track_id, name, uri, duration_ms, explicit, disc_number, track_number, album_id, isrc, artist_count) FROM STDIN
