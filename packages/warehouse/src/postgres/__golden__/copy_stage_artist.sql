COPY stage_artist (artist_id, name, uri) FROM STDIN
