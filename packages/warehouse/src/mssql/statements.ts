import { FACT_PLAY_COLUMNS, type FactPlayColumn } from '@spotify-pipeline/avro';
import {
  EXPORT_COLUMNS,
  EXPORT_FLAG_COLUMNS,
  EXPORT_TEXT_COLUMNS,
  LOCAL_TIME_COLUMNS,
  POLLED_COLUMNS,
} from '../listen-merge-columns.ts';

/**
 * Every T-SQL statement the SQL Server warehouse sends, in one place so the golden tests can pin
 * them and the parser test can parse them. Rows arrive as ONE NVARCHAR(MAX) JSON parameter per
 * statement (an array of arrays, read by OPENJSON), so a batch of any size binds one parameter,
 * far below SQL Server's 2,100-parameter limit.
 *
 * Ids are compared under the binary collation the schema gives them (case-sensitive base62); content
 * columns are compared with EXCEPT, which treats two NULLs as equal, under a binary collation so a
 * case-only rename counts as a change.
 */

const BIN = 'Latin1_General_100_BIN2';

interface Column {
  name: string;
  /** The OPENJSON type; strings are read as NVARCHAR(MAX) so an over-long value fails loudly on insert instead of being cut. */
  type: string;
  /** Compared/joined under the binary collation. */
  text?: boolean;
  key?: boolean;
}

const id = (name: string): Column => ({ name, type: 'NVARCHAR(128)', text: true, key: true });
const str = (name: string): Column => ({ name, type: 'NVARCHAR(MAX)', text: true });
const int = (name: string): Column => ({ name, type: 'INT' });
const bit = (name: string): Column => ({ name, type: 'BIT' });

interface DimensionSpec {
  table: string;
  key: string;
  columns: readonly Column[];
}

export const MSSQL_DIMENSIONS = {
  artist: { table: 'dim_artist', key: 'artist_id', columns: [id('artist_id'), str('name'), str('uri')] },
  album: {
    table: 'dim_album',
    key: 'album_id',
    columns: [
      id('album_id'),
      str('name'),
      str('uri'),
      str('album_type'),
      str('release_date'),
      str('release_date_precision'),
      int('release_year'),
      int('total_tracks'),
      str('image_url'),
      id('primary_artist_id'),
    ],
  },
  track: {
    table: 'dim_track',
    key: 'track_id',
    columns: [
      id('track_id'),
      str('name'),
      str('uri'),
      int('duration_ms'),
      bit('explicit'),
      int('disc_number'),
      int('track_number'),
      id('album_id'),
      str('isrc'),
    ],
  },
  account: {
    table: 'dim_account',
    key: 'account_id',
    columns: [id('account_id'), str('display_name'), str('country'), str('time_zone')],
  },
} as const satisfies Record<string, DimensionSpec>;

export type MssqlDimensionName = keyof typeof MSSQL_DIMENSIONS;

/** The T-SQL type of each fact column (the list and its order are the contracts'). */
const PLAY_COLUMN_TYPES: Record<FactPlayColumn, (name: string) => Column> = {
  account_id: id,
  played_at: (name) => ({ name, type: 'DATETIME2(3)' }),
  date_key: int,
  time_key: (name) => ({ name, type: 'SMALLINT' }),
  track_id: id,
  album_id: id,
  primary_artist_id: id,
  context_type: str,
  context_uri: str,
  ms_played: (name) => ({ name, type: 'BIGINT' }),
  source: str,
  reason_start: str,
  reason_end: str,
  shuffle: bit,
  skipped: bit,
  offline: bit,
  history_played_at: (name) => ({ name, type: 'DATETIME2(3)' }),
};

export const PLAY_COLUMNS: readonly Column[] = FACT_PLAY_COLUMNS.map((c) => PLAY_COLUMN_TYPES[c](c));

const BRIDGE_COLUMNS: readonly Column[] = [
  id('track_id'),
  { name: 'artist_position', type: 'SMALLINT' },
  id('artist_id'),
];

/**
 * `SELECT ... FROM OPENJSON(@rows) WITH (...)`: element i of each row array is column i. `extra`
 * appends computed columns (`expression AS name`).
 */
function openJsonSource(columns: readonly Column[], param = '@rows', extra: readonly string[] = []): string {
  const select = columns.map((c) => (c.key ? `j.${c.name} COLLATE ${BIN} AS ${c.name}` : `j.${c.name}`));
  const shape = columns.map((c, i) => `${c.name} ${c.type} '$[${i}]'`);
  return `SELECT ${[...select, ...extra].join(', ')}\n  FROM OPENJSON(${param}) WITH (${shape.join(', ')}) AS j`;
}

const binary = (alias: string, c: Column) =>
  c.text ? `${alias}.${c.name} COLLATE ${BIN}` : `${alias}.${c.name}`;

/**
 * Columns an inferred member may carry besides its key: the export's names on an imported play's
 * placeholder keys. @inferred is a JSON array of [key, ...these columns].
 */
export const INFERRED_COLUMNS: Record<MssqlDimensionName, readonly Column[]> = {
  artist: [str('name')],
  album: [str('name'), id('primary_artist_id')],
  track: [str('name'), id('album_id'), bit('is_unresolved')],
  account: [],
};

/**
 * One MERGE per dimension table and batch. @rows holds the batch's records: they are inserted, or
 * update a member only when its content changed or it was inferred. @inferred holds the keys the
 * batch references without describing them: they become inferred members (key-only, or with the
 * export's names) where the dimension lacks them, and never touch an existing member, so an
 * inferred one never overwrites a real one. OUTPUT lets the caller count inserts, updates and
 * inferred members.
 */
export function mergeDimension(schema: string, name: MssqlDimensionName): string {
  const { table, key, columns } = MSSQL_DIMENSIONS[name];
  const extra = INFERRED_COLUMNS[name];
  const content = columns.filter((c) => c.name !== key);
  // Columns only an inferred member sets (dim_track.is_unresolved); a record leaves them 0.
  const inferredOnly = extra.filter((c) => !columns.some((d) => d.name === c.name));
  const all = [...columns, ...inferredOnly].map((c) => c.name);
  const real = openJsonSource(columns, '@rows', [
    ...inferredOnly.map((c) => `CAST(0 AS BIT) AS ${c.name}`),
    'CAST(0 AS BIT) AS is_inferred',
  ]);
  const inferredShape = [id(key), ...extra];
  const inferredSelect = all.map((name) => {
    const column = inferredShape.find((c) => c.name === name);
    if (column === undefined) return `NULL AS ${name}`;
    return column.key ? `j.${name} COLLATE ${BIN} AS ${name}` : `j.${name}`;
  });
  const inferred = `SELECT ${[...inferredSelect, 'CAST(1 AS BIT) AS is_inferred'].join(', ')}
  FROM OPENJSON(@inferred) WITH (${inferredShape.map((c, i) => `${c.name} ${c.type} '$[${i}]'`).join(', ')}) AS j`;
  return `MERGE [${schema}].${table} WITH (HOLDLOCK) AS t
USING (
  ${real}
  UNION ALL
  ${inferred}
) AS s
ON t.${key} = s.${key}
WHEN MATCHED AND s.is_inferred = 0 AND (t.is_inferred = 1 OR EXISTS (SELECT ${content.map((c) => binary('s', c)).join(', ')} EXCEPT SELECT ${content.map((c) => binary('t', c)).join(', ')})) THEN
  UPDATE SET ${content.map((c) => `${c.name} = s.${c.name}`).join(', ')}, is_inferred = 0, updated_at = SYSUTCDATETIME()
WHEN NOT MATCHED BY TARGET THEN
  INSERT (${all.join(', ')}, is_inferred, updated_at) VALUES (${all.map((c) => `s.${c}`).join(', ')}, s.is_inferred, SYSUTCDATETIME())
OUTPUT $action, inserted.is_inferred;`;
}

/**
 * Replaces the artist lists of the tracks in @tracks (JSON array of ids) with the rows in @rows.
 * The target is narrowed by a CTE to those tracks so that NOT MATCHED BY SOURCE deletes only their
 * surplus positions, without scanning the whole bridge.
 */
export function mergeBridge(schema: string): string {
  return `WITH scoped AS (
  SELECT b.track_id, b.artist_position, b.artist_id, b.updated_at
  FROM [${schema}].bridge_track_artist AS b WITH (HOLDLOCK)
  WHERE b.track_id IN (SELECT k.id COLLATE ${BIN} FROM OPENJSON(@tracks) WITH (id NVARCHAR(128) '$') AS k)
)
MERGE scoped AS t
USING (
  ${openJsonSource(BRIDGE_COLUMNS)}
) AS s
ON t.track_id = s.track_id AND t.artist_position = s.artist_position
WHEN MATCHED AND t.artist_id <> s.artist_id THEN
  UPDATE SET artist_id = s.artist_id, updated_at = SYSUTCDATETIME()
WHEN NOT MATCHED BY TARGET THEN
  INSERT (track_id, artist_position, artist_id, updated_at) VALUES (s.track_id, s.artist_position, s.artist_id, SYSUTCDATETIME())
WHEN NOT MATCHED BY SOURCE THEN
  DELETE
OUTPUT $action;`;
}

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
  // An export column after an exported play of the row's listen: listen-merge-columns.ts's rule.
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
export const migrationLockResource = (schema: string) => `spotify-pipeline:migrate:${schema}`;

export function createMigrationsTable(schema: string): string {
  return `IF SCHEMA_ID(N'${schema}') IS NULL EXEC(N'CREATE SCHEMA [${schema}]');
IF OBJECT_ID(N'[${schema}].schema_migrations', N'U') IS NULL
CREATE TABLE [${schema}].schema_migrations (
  version    INT NOT NULL,
  name       NVARCHAR(200) NOT NULL,
  checksum   CHAR(64) NOT NULL,
  applied_at DATETIME2(3) NOT NULL CONSTRAINT df_schema_migrations_applied_at DEFAULT (SYSUTCDATETIME()),
  CONSTRAINT pk_schema_migrations PRIMARY KEY CLUSTERED (version)
);`;
}

export function selectAppliedMigrations(schema: string): string {
  return `SELECT version, name, checksum FROM [${schema}].schema_migrations ORDER BY version;`;
}

export function recordMigration(schema: string): string {
  return `INSERT INTO [${schema}].schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum);`;
}

/** Every statement above for one schema, named; what the golden and parser tests walk. */
export function allMssqlStatements(schema: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(MSSQL_DIMENSIONS) as MssqlDimensionName[]) {
    out[`merge_${name}`] = mergeDimension(schema, name);
  }
  out.merge_bridge = mergeBridge(schema);
  out.select_named_tracks = selectNamedTracks(schema);
  out.merge_plays = mergePlays(schema);
  out.create_migrations_table = createMigrationsTable(schema);
  out.select_applied_migrations = selectAppliedMigrations(schema);
  out.record_migration = recordMigration(schema);
  return out;
}
