import {
  rekeyAccountPlays,
  selectAccountSpan,
  selectAccountZonesForUpdate,
  selectPlayAccountZones,
} from '../account-zone/mssql-statements.ts';
import { mergePlays, selectNamedTracks } from '../listen-matching/mssql-statements.ts';
import { BIN, binary, bit, type Column, id, int, openJsonSource, str } from './columns.ts';

export { PLAY_COLUMNS } from './columns.ts';
// The play statements live with the rest of the listen-matching rule; the writer finds them here.
export { mergePlays, selectNamedTracks };

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

const BRIDGE_COLUMNS: readonly Column[] = [
  id('track_id'),
  { name: 'artist_position', type: 'SMALLINT' },
  id('artist_id'),
];

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
  out.select_account_zones_for_update = selectAccountZonesForUpdate(schema);
  out.select_play_account_zones = selectPlayAccountZones(schema);
  out.select_account_span = selectAccountSpan(schema);
  out.rekey_account_plays = rekeyAccountPlays(schema);
  out.create_migrations_table = createMigrationsTable(schema);
  out.select_applied_migrations = selectAppliedMigrations(schema);
  out.record_migration = recordMigration(schema);
  return out;
}
