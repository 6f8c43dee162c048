COPY stage_album (album_id, name, uri, album_type, release_date, release_date_precision, release_year, total_tracks, image_url, primary_artist_id) FROM STDIN
