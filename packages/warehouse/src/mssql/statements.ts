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

export const PLAY_COLUMNS: readonly Column[] = [
  id('account_id'),
  { name: 'played_at', type: 'DATETIME2(3)' },
  int('date_key'),
  { name: 'time_key', type: 'SMALLINT' },
  id('track_id'),
  id('album_id'),
  id('primary_artist_id'),
  str('context_type'),
  str('context_uri'),
  { name: 'ms_played', type: 'BIGINT' },
  str('source'),
  str('reason_start'),
  str('reason_end'),
  bit('shuffle'),
  bit('skipped'),
  bit('offline'),
];

const BRIDGE_COLUMNS: readonly Column[] = [
  id('track_id'),
  { name: 'artist_position', type: 'SMALLINT' },
  id('artist_id'),
];

/** `SELECT ... FROM OPENJSON(@rows) WITH (...)`: element i of each row array is column i. */
function openJsonSource(columns: readonly Column[]): string {
  const select = columns.map((c) => (c.key ? `j.${c.name} COLLATE ${BIN} AS ${c.name}` : `j.${c.name}`));
  const shape = columns.map((c, i) => `${c.name} ${c.type} '$[${i}]'`);
  return `SELECT ${select.join(', ')}\n  FROM OPENJSON(@rows) WITH (${shape.join(', ')}) AS j`;
}

const binary = (alias: string, c: Column) =>
  c.text ? `${alias}.${c.name} COLLATE ${BIN}` : `${alias}.${c.name}`;

/**
 * Inserts new members; updates a member only when its content changed or it was inferred.
 * OUTPUT $action lets the caller count inserts and updates.
 */
export function mergeDimension(schema: string, name: MssqlDimensionName): string {
  const { table, key, columns } = MSSQL_DIMENSIONS[name];
  const content = columns.filter((c) => c.name !== key);
  const all = columns.map((c) => c.name);
  return `MERGE [${schema}].${table} WITH (HOLDLOCK) AS t
USING (
  ${openJsonSource(columns)}
) AS s
ON t.${key} = s.${key}
WHEN MATCHED AND (t.is_inferred = 1 OR EXISTS (SELECT ${content.map((c) => binary('s', c)).join(', ')} EXCEPT SELECT ${content.map((c) => binary('t', c)).join(', ')})) THEN
  UPDATE SET ${content.map((c) => `${c.name} = s.${c.name}`).join(', ')}, is_inferred = 0, updated_at = SYSUTCDATETIME()
WHEN NOT MATCHED BY TARGET THEN
  INSERT (${all.join(', ')}, is_inferred, updated_at) VALUES (${all.map((c) => `s.${c}`).join(', ')}, 0, SYSUTCDATETIME())
OUTPUT $action;`;
}

/** Key-only members for the ids in @rows (a JSON array of strings) that the dimension lacks. */
export function mergeInferred(schema: string, name: MssqlDimensionName): string {
  const { table, key } = MSSQL_DIMENSIONS[name];
  return `MERGE [${schema}].${table} WITH (HOLDLOCK) AS t
USING (
  SELECT j.id COLLATE ${BIN} AS ${key}
  FROM OPENJSON(@rows) WITH (id NVARCHAR(128) '$') AS j
) AS s
ON t.${key} = s.${key}
WHEN NOT MATCHED BY TARGET THEN
  INSERT (${key}, is_inferred, updated_at) VALUES (s.${key}, 1, SYSUTCDATETIME());`;
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

/** Facts are immutable: a replayed play finds its key taken and is left alone. */
export function mergePlays(schema: string): string {
  const all = PLAY_COLUMNS.map((c) => c.name);
  return `MERGE [${schema}].fact_play WITH (HOLDLOCK) AS t
USING (
  ${openJsonSource(PLAY_COLUMNS)}
) AS s
ON t.account_id = s.account_id AND t.played_at = s.played_at
WHEN NOT MATCHED BY TARGET THEN
  INSERT (${all.join(', ')}, loaded_at) VALUES (${all.map((c) => `s.${c}`).join(', ')}, SYSUTCDATETIME());`;
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
    out[`infer_${name}`] = mergeInferred(schema, name);
  }
  out.merge_bridge = mergeBridge(schema);
  out.merge_plays = mergePlays(schema);
  out.create_migrations_table = createMigrationsTable(schema);
  out.select_applied_migrations = selectAppliedMigrations(schema);
  out.record_migration = recordMigration(schema);
  return out;
}
