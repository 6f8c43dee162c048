import { BIN, openJsonSource, PLAY_COLUMNS } from '../mssql/columns.ts';
import {
  EXPORT_COLUMNS,
  EXPORT_FLAG_COLUMNS,
  EXPORT_TEXT_COLUMNS,
  LOCAL_TIME_COLUMNS,
  POLLED_COLUMNS,
} from './merge-columns.ts';

// The SQL Server half of the listen-matching rule (see index.ts): the statements that resolve
// name-only plays and merge a batch's plays into stored listens. Pinned by the golden files of
// mssql/__golden__ and parsed by the T-SQL grammar like every other statement.

/**
 * Name-only plays: for each [unresolved id, track name, artist name] in @rows, the known track with
 * that name (case-insensitive, trimmed) and an artist of that name (a track artist or the album's
 * primary artist); the lowest track id among equals. The writer rewrites the staged plays with it.
 */
export function selectNamedTracks(schema: string): string {
  const ci = 'Latin1_General_100_CI_AS';
  return `WITH wanted AS (
  SELECT j.unresolved_id, LTRIM(RTRIM(j.track_name)) AS track_name, LTRIM(RTRIM(j.artist_name)) AS artist_name
  FROM OPENJSON(@rows) WITH (unresolved_id NVARCHAR(128) '$[0]', track_name NVARCHAR(2000) '$[1]', artist_name NVARCHAR(2000) '$[2]') AS j
), credited AS (
  SELECT b.track_id, b.artist_id FROM [${schema}].bridge_track_artist AS b
  UNION SELECT t.track_id, al.primary_artist_id FROM [${schema}].dim_track AS t JOIN [${schema}].dim_album AS al ON al.album_id = t.album_id
), ranked AS (
  SELECT w.unresolved_id, k.track_id, k.album_id,
    (SELECT b1.artist_id FROM [${schema}].bridge_track_artist AS b1 WHERE b1.track_id = k.track_id AND b1.artist_position = 1) AS artist_id,
    ROW_NUMBER() OVER (PARTITION BY w.unresolved_id ORDER BY k.track_id) AS rn
  FROM wanted AS w
  JOIN [${schema}].dim_track AS k ON k.is_inferred = 0 AND k.is_unresolved = 0 AND LTRIM(RTRIM(k.name)) COLLATE ${ci} = w.track_name COLLATE ${ci}
  JOIN credited AS c ON c.track_id = k.track_id
  JOIN [${schema}].dim_artist AS a ON a.artist_id = c.artist_id AND LTRIM(RTRIM(a.name)) COLLATE ${ci} = w.artist_name COLLATE ${ci}
)
SELECT unresolved_id, track_id, album_id, artist_id FROM ranked WHERE rn = 1;`;
}

/**
 * One listen, one row (see postgres/statements.ts writePlays for the rule). Each staged fact seeks
 * its row with UPDLOCK, HOLDLOCK (the range lock keeps a concurrent writer from adding the other half
 * meanwhile; a deadlock victim is retried), a row is claimed by the closest staged fact only, and the
 * MERGE then updates claimed rows that change and inserts the facts that found none. @tolerance is
 * the option in ms. The candidates come from three seeks, each only where it can match: the row at
 * the staged fact's own key (every replay; a primary-key seek), imported rows for a polled play
 * without export fields (the filtered index of migration 008, empty when nothing was imported), and
 * the tolerance window of the primary key for a fact with export fields. An exported play is a
 * row's replay only with the same history_played_at and ms_played. A fact that claimed no row but
 * finds its key held (a different play) is not inserted: the no-op UPDATE only reports it as
 * `collision`, and the writer refuses the batch (rolled back; the sink dead-letters that play).
 */
export function mergePlays(schema: string): string {
  const all = PLAY_COLUMNS.map((c) => c.name);
  // An export column after an exported play of the row's listen: merge-columns.ts's rule.
  const combined = (c: string) =>
    EXPORT_FLAG_COLUMNS.includes(c)
      ? `WHEN t.history_played_at IS NULL THEN s.${c} ELSE CASE WHEN t.${c} = 1 OR s.${c} = 1 THEN CAST(1 AS BIT) WHEN t.${c} = 0 OR s.${c} = 0 THEN CAST(0 AS BIT) END`
      : EXPORT_TEXT_COLUMNS.includes(c)
        ? `WHEN t.history_played_at IS NULL THEN s.${c} ELSE CASE WHEN s.${c} IS NULL OR t.${c} COLLATE ${BIN} >= s.${c} COLLATE ${BIN} THEN t.${c} ELSE s.${c} END`
        : `ELSE s.${c}`;
  const pick = (c: string) =>
    LOCAL_TIME_COLUMNS.includes(c)
      ? `CASE WHEN s.source = N'api' OR (t.source = N'history_import' AND t.played_at = s.played_at) THEN s.${c} ELSE t.${c} END`
      : POLLED_COLUMNS.includes(c)
        ? `CASE WHEN s.source = N'api' THEN s.${c} ELSE t.${c} END`
        : `CASE WHEN s.history_played_at IS NULL THEN t.${c} ${combined(c)} END`;
  const changing = [...POLLED_COLUMNS, ...EXPORT_COLUMNS];
  const textual = new Set([
    'album_id',
    'primary_artist_id',
    'context_type',
    'context_uri',
    'source',
    'reason_start',
    'reason_end',
  ]);
  const bin = (e: string, c: string) => (textual.has(c) ? `${e} COLLATE ${BIN}` : e);
  return `WITH staged AS (
  ${openJsonSource(PLAY_COLUMNS)}
), windowed AS (
  SELECT s.*, CASE WHEN d.duration_ms > 0 AND d.duration_ms < CAST(@tolerance AS INT) THEN d.duration_ms ELSE CAST(@tolerance AS INT) END AS tolerance_ms
  FROM staged AS s LEFT JOIN [${schema}].dim_track AS d ON d.track_id = s.track_id
), claimed AS (
  SELECT w.*, c.row_at,
    ROW_NUMBER() OVER (PARTITION BY w.account_id, c.row_at ORDER BY ABS(DATEDIFF_BIG(millisecond, c.row_at, w.played_at)), w.played_at) AS claim
  FROM windowed AS w
  OUTER APPLY (
    SELECT TOP (1) x.played_at AS row_at
    FROM (
      SELECT f.played_at, f.history_played_at
      FROM [${schema}].fact_play AS f WITH (UPDLOCK, HOLDLOCK)
      WHERE f.account_id = w.account_id AND f.played_at = w.played_at AND f.track_id = w.track_id
        AND ((f.source = N'api' AND w.source = N'api')
          OR (f.history_played_at = w.history_played_at AND EXISTS (SELECT f.ms_played INTERSECT SELECT w.ms_played))
          OR (f.source = N'api' AND f.history_played_at IS NULL AND w.source = N'history_import')
          OR (f.source = N'history_import' AND w.source = N'api' AND w.history_played_at IS NULL))
      UNION ALL
      SELECT f.played_at, f.history_played_at
      FROM [${schema}].fact_play AS f WITH (UPDLOCK, HOLDLOCK)
      WHERE w.source = N'api' AND w.history_played_at IS NULL
        AND f.source = N'history_import' AND f.account_id = w.account_id AND f.track_id = w.track_id
        AND f.played_at BETWEEN DATEADD(millisecond, -w.tolerance_ms, w.played_at) AND DATEADD(millisecond, w.tolerance_ms, w.played_at)
      UNION ALL
      SELECT f.played_at, f.history_played_at
      FROM [${schema}].fact_play AS f WITH (UPDLOCK, HOLDLOCK)
      WHERE (w.history_played_at IS NOT NULL OR w.source = N'history_import')
        AND f.account_id = w.account_id AND f.track_id = w.track_id
        AND f.played_at BETWEEN DATEADD(millisecond, -w.tolerance_ms, w.played_at) AND DATEADD(millisecond, w.tolerance_ms, w.played_at)
        AND (((f.history_played_at = w.history_played_at OR (f.history_is_legacy = 1 AND DATEDIFF_BIG(second, '1970-01-01', f.history_played_at) = DATEDIFF_BIG(second, '1970-01-01', w.history_played_at)))
            AND EXISTS (SELECT f.ms_played INTERSECT SELECT w.ms_played))
          OR (f.source = N'api' AND f.history_played_at IS NULL AND w.source = N'history_import'))
    ) AS x
    ORDER BY CASE WHEN x.played_at = w.played_at OR x.history_played_at = w.history_played_at THEN 0 ELSE 1 END,
      ABS(DATEDIFF_BIG(millisecond, x.played_at, w.played_at)), x.played_at
  ) AS c
)
MERGE [${schema}].fact_play WITH (HOLDLOCK) AS t
USING (
  SELECT ${all.join(', ')}, CASE WHEN claim = 1 THEN row_at END AS row_at FROM claimed
) AS s
ON t.account_id = s.account_id AND t.played_at = COALESCE(s.row_at, s.played_at)
WHEN MATCHED AND s.row_at IS NOT NULL AND EXISTS (SELECT ${changing.map((c) => bin(`t.${c}`, c)).join(', ')} EXCEPT SELECT ${changing.map((c) => bin(pick(c), c)).join(', ')}) THEN
  UPDATE SET ${changing.map((c) => `${c} = ${pick(c)}`).join(', ')}, history_is_legacy = CASE WHEN s.history_played_at IS NOT NULL THEN 0 ELSE t.history_is_legacy END
WHEN MATCHED AND s.row_at IS NULL THEN
  UPDATE SET played_at = t.played_at
WHEN NOT MATCHED BY TARGET THEN
  INSERT (${all.join(', ')}, loaded_at) VALUES (${all.map((c) => `s.${c}`).join(', ')}, SYSUTCDATETIME())
OUTPUT $action, CASE WHEN s.row_at IS NULL AND deleted.played_at IS NOT NULL THEN CONCAT(s.account_id, N' ', s.track_id, N' ', DATEDIFF_BIG(millisecond, '1970-01-01', s.played_at)) END AS collision;`;
}

// --- migrations -------------------------------------------------------------------------------

/** The applock resource: one per schema, so two migrators of the same schema take turns. */
