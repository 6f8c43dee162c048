import { EXPORT_ALBUM_PREFIX, EXPORT_ARTIST_PREFIX, memberIdPattern } from '@spotify-pipeline/avro';

/**
 * The statements of track enrichment, per dialect, pinned by the golden tests. A track is still to
 * look up while it is inferred, available (no 404 yet) and resolvable (a Spotify id, not a
 * name-only `unresolved:` track): the same condition as the partial/filtered index of migration 007.
 */

const BIN = 'Latin1_General_100_BIN2';

/** Facts of an import still on the placeholder keys the normalizer derives from the export's names. */
const ALBUM_LIKE = memberIdPattern(EXPORT_ALBUM_PREFIX);
const ARTIST_LIKE = memberIdPattern(EXPORT_ARTIST_PREFIX);
const PG_PLACEHOLDER = `(f.album_id LIKE '${ALBUM_LIKE}' OR f.primary_artist_id LIKE '${ARTIST_LIKE}')`;
const MSSQL_PLACEHOLDER = `(f.album_id LIKE N'${ALBUM_LIKE}' OR f.primary_artist_id LIKE N'${ARTIST_LIKE}')`;

export function postgresEnrichmentStatements(schema: string) {
  const toEnrich = `FROM "${schema}".dim_track WHERE is_inferred AND NOT is_unavailable AND NOT is_unresolved`;
  const toSearch = `FROM "${schema}".dim_track WHERE is_unresolved AND NOT is_name_searched`;
  return {
    select_tracks_to_enrich: `SELECT track_id ${toEnrich} ORDER BY track_id`,
    count_tracks_to_enrich: `SELECT (SELECT count(*) ${toEnrich})::int AS tracks,
  (SELECT count(*) FROM "${schema}".fact_play f WHERE ${PG_PLACEHOLDER})::int AS placeholder_plays,
  (SELECT count(*) FROM "${schema}".dim_track WHERE is_unavailable)::int AS unavailable,
  (SELECT count(*) ${toSearch})::int AS names_to_search,
  (SELECT count(*) FROM "${schema}".dim_track WHERE is_episode)::int AS episodes,
  (SELECT count(*) FROM "${schema}".fact_play f JOIN "${schema}".dim_track t ON t.track_id = f.track_id WHERE t.is_episode)::int AS episode_plays`,
    /** $1: text[] of track ids. */
    filter_tracks_to_enrich: `SELECT track_id ${toEnrich} AND track_id = ANY($1::text[])`,
    /**
     * Name-only tracks not searched for yet, with the track name and the artist name of their plays
     * (an `unresolved:` id is derived from both, so its plays share one artist name).
     */
    select_names_to_search: `SELECT t.track_id, t.name AS track_name, min(a.name) AS artist_name
FROM "${schema}".dim_track t
JOIN "${schema}".fact_play f ON f.track_id = t.track_id
JOIN "${schema}".dim_artist a ON a.artist_id = f.primary_artist_id
WHERE t.is_unresolved AND NOT t.is_name_searched AND t.name IS NOT NULL AND a.name IS NOT NULL
GROUP BY t.track_id, t.name ORDER BY t.track_id`,
    /** $1: text[] of track ids. */
    filter_names_to_search: `SELECT track_id ${toSearch} AND track_id = ANY($1::text[])`,
    /** $1: track id; $2: whether the search found it to be a podcast episode. Once per track. */
    mark_name_searched: `UPDATE "${schema}".dim_track SET is_name_searched = true, is_episode = $2::boolean, updated_at = now()
WHERE track_id = $1 AND is_unresolved AND NOT is_name_searched`,
    /** $1: text[] of track ids. Only an inferred member is flagged: a real record always wins. */
    mark_tracks_unavailable: `UPDATE "${schema}".dim_track SET is_unavailable = true, updated_at = now()
WHERE track_id = ANY($1::text[]) AND is_inferred AND NOT is_unavailable`,
    /**
     * Facts whose track is known now but that still sit on an import's placeholder album/artist move
     * to the track's album and first credited artist (what a polled play of it would carry).
     */
    repoint_placeholder_plays: `UPDATE "${schema}".fact_play AS f SET album_id = t.album_id, primary_artist_id = b.artist_id
FROM "${schema}".dim_track AS t
JOIN "${schema}".bridge_track_artist AS b ON b.track_id = t.track_id AND b.artist_position = 1
WHERE f.track_id = t.track_id AND NOT t.is_inferred AND t.album_id IS NOT NULL
  AND ${PG_PLACEHOLDER}`,
  };
}

export function mssqlEnrichmentStatements(schema: string) {
  const toEnrich = `FROM [${schema}].dim_track WHERE is_inferred = 1 AND is_unavailable = 0 AND is_unresolved = 0`;
  const toSearch = `FROM [${schema}].dim_track WHERE is_unresolved = 1 AND is_name_searched = 0`;
  const ids = `(SELECT k.id COLLATE ${BIN} FROM OPENJSON(@ids) WITH (id NVARCHAR(128) '$') AS k)`;
  return {
    select_tracks_to_enrich: `SELECT track_id ${toEnrich} ORDER BY track_id`,
    count_tracks_to_enrich: `SELECT (SELECT COUNT(*) ${toEnrich}) AS tracks,
  (SELECT COUNT(*) FROM [${schema}].fact_play f WHERE ${MSSQL_PLACEHOLDER}) AS placeholder_plays,
  (SELECT COUNT(*) FROM [${schema}].dim_track WHERE is_unavailable = 1) AS unavailable,
  (SELECT COUNT(*) ${toSearch}) AS names_to_search,
  (SELECT COUNT(*) FROM [${schema}].dim_track WHERE is_episode = 1) AS episodes,
  (SELECT COUNT(*) FROM [${schema}].fact_play f JOIN [${schema}].dim_track t ON t.track_id = f.track_id WHERE t.is_episode = 1) AS episode_plays`,
    /** @ids: a JSON array of track ids. */
    filter_tracks_to_enrich: `SELECT track_id ${toEnrich} AND track_id IN ${ids}`,
    select_names_to_search: `SELECT t.track_id, t.name AS track_name, MIN(a.name) AS artist_name
FROM [${schema}].dim_track t
JOIN [${schema}].fact_play f ON f.track_id = t.track_id
JOIN [${schema}].dim_artist a ON a.artist_id = f.primary_artist_id
WHERE t.is_unresolved = 1 AND t.is_name_searched = 0 AND t.name IS NOT NULL AND a.name IS NOT NULL
GROUP BY t.track_id, t.name ORDER BY t.track_id`,
    /** @ids: a JSON array of track ids. */
    filter_names_to_search: `SELECT track_id ${toSearch} AND track_id IN ${ids}`,
    /** @id: track id; @episode: 1 when the search found a podcast episode. Once per track. */
    mark_name_searched: `UPDATE [${schema}].dim_track SET is_name_searched = 1, is_episode = CAST(@episode AS BIT), updated_at = SYSUTCDATETIME()
WHERE track_id = CAST(@id AS NVARCHAR(128)) COLLATE ${BIN} AND is_unresolved = 1 AND is_name_searched = 0`,
    /** @ids: a JSON array of track ids. Only an inferred member is flagged: a real record always wins. */
    mark_tracks_unavailable: `UPDATE [${schema}].dim_track SET is_unavailable = 1, updated_at = SYSUTCDATETIME()
WHERE track_id IN ${ids} AND is_inferred = 1 AND is_unavailable = 0`,
    repoint_placeholder_plays: `UPDATE f SET album_id = t.album_id, primary_artist_id = b.artist_id
FROM [${schema}].fact_play AS f
JOIN [${schema}].dim_track AS t ON t.track_id = f.track_id
JOIN [${schema}].bridge_track_artist AS b ON b.track_id = t.track_id AND b.artist_position = 1
WHERE t.is_inferred = 0 AND t.album_id IS NOT NULL
  AND ${MSSQL_PLACEHOLDER}`,
  };
}

export type EnrichmentStatementName = keyof ReturnType<typeof postgresEnrichmentStatements>;
