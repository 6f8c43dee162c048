COPY stage_bridge (track_id, artist_position, artist_id) FROM STDIN
