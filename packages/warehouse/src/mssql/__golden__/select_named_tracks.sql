WITH wanted AS (
  SELECT j.unresolved_id, LTRIM(RTRIM(j.track_name)) AS track_name, LTRIM(RTRIM(j.artist_name)) AS artist_name
  FROM OPENJSON(@rows) WITH (unresolved_id NVARCHAR(128) '$[0]', track_name NVARCHAR(2000) '$[1]', artist_name NVARCHAR(2000) '$[2]') AS j
), credited AS (
  SELECT b.track_id, b.artist_id FROM [spotify].bridge_track_artist AS b
  UNION SELECT t.track_id, al.primary_artist_id FROM [spotify].dim_track AS t JOIN [spotify].dim_album AS al ON al.album_id = t.album_id
), ranked AS (
  SELECT w.unresolved_id, k.track_id, k.album_id,
    (SELECT b1.artist_id FROM [spotify].bridge_track_artist AS b1 WHERE b1.track_id = k.track_id AND b1.artist_position = 1) AS artist_id,
    ROW_NUMBER() OVER (PARTITION BY w.unresolved_id ORDER BY k.track_id) AS rn
  FROM wanted AS w
  JOIN [spotify].dim_track AS k ON k.is_inferred = 0 AND k.is_unresolved = 0 AND LTRIM(RTRIM(k.name)) COLLATE Latin1_General_100_CI_AS = w.track_name COLLATE Latin1_General_100_CI_AS
  JOIN credited AS c ON c.track_id = k.track_id
  JOIN [spotify].dim_artist AS a ON a.artist_id = c.artist_id AND LTRIM(RTRIM(a.name)) COLLATE Latin1_General_100_CI_AS = w.artist_name COLLATE Latin1_General_100_CI_AS
)
SELECT unresolved_id, track_id, album_id, artist_id FROM ranked WHERE rn = 1;
