/**
 * Every SQL statement the PostgreSQL warehouse sends, in one place so the golden tests can pin them.
 * `schema` is a validated lower-case identifier (see assertSchemaName); it is quoted all the same.
 */

/** Columns of each staging table, in COPY order. */
export const STAGE_COLUMNS = {
  stage_artist: ['artist_id', 'name', 'uri'],
  stage_album: [
    'album_id',
    'name',
    'uri',
    'album_type',
    'release_date',
    'release_date_precision',
    'release_year',
    'total_tracks',
    'image_url',
    'primary_artist_id',
  ],
  stage_track: [
    'track_id',
    'name',
    'uri',
    'duration_ms',
    'explicit',
    'disc_number',
    'track_number',
    'album_id',
    'isrc',
    'artist_count',
  ],
  stage_bridge: ['track_id', 'artist_position', 'artist_id'],
  stage_account: ['account_id', 'display_name', 'country', 'time_zone'],
  stage_play: [
    'account_id',
    'played_at_ms',
    'date_key',
    'time_key',
    'track_id',
    'album_id',
    'primary_artist_id',
    'context_type',
    'context_uri',
    'ms_played',
    'source',
    'reason_start',
    'reason_end',
    'shuffle',
    'skipped',
    'offline',
  ],
} as const;

export type StageTable = keyof typeof STAGE_COLUMNS;

export function copyStatement(table: StageTable): string {
  return `COPY ${table} (${STAGE_COLUMNS[table].join(', ')}) FROM STDIN`;
}

/** Session-local staging tables, dropped at commit; one round trip creates all six. */
export const CREATE_STAGING = `CREATE TEMP TABLE stage_artist (artist_id text COLLATE "C" NOT NULL, name text, uri text) ON COMMIT DROP;
CREATE TEMP TABLE stage_album (album_id text COLLATE "C" NOT NULL, name text, uri text, album_type text, release_date text, release_date_precision text, release_year integer, total_tracks integer, image_url text, primary_artist_id text COLLATE "C") ON COMMIT DROP;
CREATE TEMP TABLE stage_track (track_id text COLLATE "C" NOT NULL, name text, uri text, duration_ms integer, explicit boolean, disc_number integer, track_number integer, album_id text COLLATE "C", isrc text, artist_count integer NOT NULL) ON COMMIT DROP;
CREATE TEMP TABLE stage_bridge (track_id text COLLATE "C" NOT NULL, artist_position smallint NOT NULL, artist_id text COLLATE "C" NOT NULL) ON COMMIT DROP;
CREATE TEMP TABLE stage_account (account_id text COLLATE "C" NOT NULL, display_name text, country text, time_zone text) ON COMMIT DROP;
CREATE TEMP TABLE stage_play (account_id text COLLATE "C" NOT NULL, played_at_ms bigint NOT NULL, date_key integer NOT NULL, time_key smallint NOT NULL, track_id text COLLATE "C" NOT NULL, album_id text COLLATE "C", primary_artist_id text COLLATE "C", context_type text, context_uri text, ms_played bigint, source text NOT NULL, reason_start text, reason_end text, shuffle boolean, skipped boolean, offline boolean) ON COMMIT DROP`;

interface DimensionSpec {
  table: string;
  stage: StageTable;
  key: string;
  columns: readonly string[];
}

const DIMENSIONS = {
  artist: { table: 'dim_artist', stage: 'stage_artist', key: 'artist_id', columns: ['name', 'uri'] },
  album: {
    table: 'dim_album',
    stage: 'stage_album',
    key: 'album_id',
    columns: STAGE_COLUMNS.stage_album.slice(1),
  },
  track: {
    table: 'dim_track',
    stage: 'stage_track',
    key: 'track_id',
    columns: STAGE_COLUMNS.stage_track.slice(1, -1),
  },
  account: {
    table: 'dim_account',
    stage: 'stage_account',
    key: 'account_id',
    columns: ['display_name', 'country', 'time_zone'],
  },
} as const satisfies Record<string, DimensionSpec>;

export type DimensionName = keyof typeof DIMENSIONS;

/**
 * Inserts new members and updates a member only when its content changed or it was inferred; the
 * count of each comes back in one row. `xmax = 0` is PostgreSQL's tell for a freshly inserted row.
 */
export function upsertDimension(schema: string, name: DimensionName): string {
  const { table, stage, key, columns } = DIMENSIONS[name];
  const all = [key, ...columns];
  return `WITH written AS (
  INSERT INTO "${schema}".${table} AS t (${all.join(', ')}, is_inferred, updated_at)
  SELECT ${all.join(', ')}, false, now() FROM ${stage} ORDER BY ${key}
  ON CONFLICT (${key}) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}, is_inferred = false, updated_at = now()
  WHERE (${columns.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `excluded.${c}`).join(', ')}) OR t.is_inferred
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written`;
}

/** Where each dimension's keys are referenced from, i.e. where inferred members come from. */
const REFERENCES: Record<DimensionName, readonly string[]> = {
  artist: [
    'SELECT primary_artist_id FROM stage_album',
    'SELECT artist_id FROM stage_bridge',
    'SELECT primary_artist_id FROM stage_play',
  ],
  album: ['SELECT album_id FROM stage_track', 'SELECT album_id FROM stage_play'],
  track: ['SELECT track_id FROM stage_play'],
  account: ['SELECT account_id FROM stage_play'],
};

/** The staging tables whose rows can reference a dimension (to skip the statement when all are empty). */
export const REFERENCING_STAGES: Record<DimensionName, readonly StageTable[]> = {
  artist: ['stage_album', 'stage_bridge', 'stage_play'],
  album: ['stage_track', 'stage_play'],
  track: ['stage_play'],
  account: ['stage_play'],
};

/** Key-only members for keys referenced in this batch and absent from the dimension. */
export function insertInferred(schema: string, name: DimensionName): string {
  const { table, key } = DIMENSIONS[name];
  return `INSERT INTO "${schema}".${table} (${key}, is_inferred, updated_at)
SELECT k.id, true, now()
FROM (${REFERENCES[name].join(' UNION ')}) AS k (id)
WHERE k.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "${schema}".${table} d WHERE d.${key} = k.id)
ORDER BY k.id
ON CONFLICT (${key}) DO NOTHING`;
}

/**
 * Replaces the artist lists of the staged tracks: positions beyond a track's new list are removed,
 * changed positions updated, new ones inserted. The two parts touch disjoint rows, so one statement
 * can do both.
 */
export function writeBridge(schema: string): string {
  return `WITH removed AS (
  DELETE FROM "${schema}".bridge_track_artist b USING stage_track s
  WHERE b.track_id = s.track_id AND b.artist_position > s.artist_count
  RETURNING 1
), written AS (
  INSERT INTO "${schema}".bridge_track_artist AS t (track_id, artist_position, artist_id, updated_at)
  SELECT track_id, artist_position, artist_id, now() FROM stage_bridge ORDER BY track_id, artist_position
  ON CONFLICT (track_id, artist_position) DO UPDATE SET artist_id = excluded.artist_id, updated_at = now()
  WHERE t.artist_id IS DISTINCT FROM excluded.artist_id
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated, (SELECT count(*) FROM removed)::int AS deleted FROM written`;
}

/**
 * Facts are immutable: a replayed play finds its key taken and is left alone. played_at is staged
 * as epoch milliseconds (cheaper to format than ISO text) and converted with exact integer
 * interval arithmetic, so no millisecond is lost to floating point.
 */
export function insertPlays(schema: string): string {
  const columns = STAGE_COLUMNS.stage_play.map((c) => (c === 'played_at_ms' ? 'played_at' : c));
  const select = STAGE_COLUMNS.stage_play.map((c) =>
    c === 'played_at_ms' ? "timestamptz 'epoch' + played_at_ms * interval '1 millisecond'" : c,
  );
  return `INSERT INTO "${schema}".fact_play (${columns.join(', ')}, loaded_at)
SELECT ${select.join(', ')}, now() FROM stage_play ORDER BY account_id, played_at_ms
ON CONFLICT (account_id, played_at) DO NOTHING`;
}

// --- migrations -------------------------------------------------------------------------------

/** One advisory lock per schema: two migrators of the same schema take turns. */
export const MIGRATION_LOCK = `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`;

export function createMigrationsTable(schema: string): string {
  return `CREATE SCHEMA IF NOT EXISTS "${schema}";
CREATE TABLE IF NOT EXISTS "${schema}".schema_migrations (
  version    integer     NOT NULL PRIMARY KEY,
  name       text        NOT NULL,
  checksum   text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;
}

export function selectAppliedMigrations(schema: string): string {
  return `SELECT version, name, checksum FROM "${schema}".schema_migrations ORDER BY version`;
}

export function recordMigration(schema: string): string {
  return `INSERT INTO "${schema}".schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`;
}

/** Every statement above for one schema, named; what the golden test walks. */
export function allPostgresStatements(schema: string): Record<string, string> {
  const out: Record<string, string> = { create_staging: CREATE_STAGING };
  for (const table of Object.keys(STAGE_COLUMNS) as StageTable[]) out[`copy_${table}`] = copyStatement(table);
  for (const name of Object.keys(DIMENSIONS) as DimensionName[]) {
    out[`upsert_${name}`] = upsertDimension(schema, name);
    out[`infer_${name}`] = insertInferred(schema, name);
  }
  out.write_bridge = writeBridge(schema);
  out.insert_plays = insertPlays(schema);
  out.migration_lock = MIGRATION_LOCK;
  out.create_migrations_table = createMigrationsTable(schema);
  out.select_applied_migrations = selectAppliedMigrations(schema);
  out.record_migration = recordMigration(schema);
  return out;
}
