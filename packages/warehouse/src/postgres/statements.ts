import { FACT_PLAY_COLUMNS, memberIdPattern, UNRESOLVED_TRACK_PREFIX } from '@spotify-pipeline/avro';
import {
  rekeyAccountPlays,
  selectAccountSpan,
  selectAccountZonesForUpdate,
  selectPlayAccountZones,
} from '../account-zone/postgres-statements.ts';
import { resolveNamedPlays, writePlays, writePlaysFast } from '../listen-matching/postgres-statements.ts';

// The play statements live with the rest of the listen-matching rule; the writer finds them here.
export { resolveNamedPlays, writePlays, writePlaysFast };

const UNRESOLVED_LIKE = memberIdPattern(UNRESOLVED_TRACK_PREFIX);

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
  // Instants are staged as epoch milliseconds (exact in COPY text), the names for inferred members.
  stage_play: [
    ...FACT_PLAY_COLUMNS.map((c) => (c === 'played_at' || c === 'history_played_at' ? `${c}_ms` : c)),
    'track_name',
    'album_name',
    'artist_name',
  ],
} as const;

export type StageTable = keyof typeof STAGE_COLUMNS;

export function copyStatement(table: StageTable): string {
  return `COPY ${table} (${STAGE_COLUMNS[table].join(', ')}) FROM STDIN`;
}

/**
 * Opens a batch's transaction with JIT compilation off and room to sort a batch in memory. As the
 * fact table grows, the planner's cost of the fact statement passes jit_above_cost, and compiling it
 * took longer (0.5-0.8 s measured on 2 cores) than running it (0.1-0.3 s for 20k rows): JIT pays off
 * for long analytic scans, not for a batch's index probes. The fact statement sorts the staged batch
 * (~4 MB for 20k plays), which spilled to disk at the default work_mem of 4 MB. SET LOCAL ends with
 * the transaction, so a pooled connection keeps its defaults.
 */
export const BEGIN_WRITE = "BEGIN; SET LOCAL jit = off; SET LOCAL work_mem = '64MB'";

/**
 * Session-local staging tables, emptied at commit (ON COMMIT DELETE ROWS) and kept for the
 * connection's next batch: creating and dropping six tables in every transaction wrote and deleted
 * ~80 catalog rows a batch (pg_class, pg_type, pg_attribute), 10-40 ms of each batch on 2 cores and
 * bloat for autovacuum. One round trip creates all six when the connection has none yet (IF NOT
 * EXISTS: a connection whose creating transaction rolled back has none).
 */
export const CREATE_STAGING = `CREATE TEMP TABLE IF NOT EXISTS stage_artist (artist_id text COLLATE "C" NOT NULL, name text, uri text) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_album (album_id text COLLATE "C" NOT NULL, name text, uri text, album_type text, release_date text, release_date_precision text, release_year integer, total_tracks integer, image_url text, primary_artist_id text COLLATE "C") ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_track (track_id text COLLATE "C" NOT NULL, name text, uri text, duration_ms integer, explicit boolean, disc_number integer, track_number integer, album_id text COLLATE "C", isrc text, artist_count integer NOT NULL) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_bridge (track_id text COLLATE "C" NOT NULL, artist_position smallint NOT NULL, artist_id text COLLATE "C" NOT NULL) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_account (account_id text COLLATE "C" NOT NULL, display_name text, country text, time_zone text) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_play (account_id text COLLATE "C" NOT NULL, played_at_ms bigint NOT NULL, date_key integer NOT NULL, time_key smallint NOT NULL, track_id text COLLATE "C" NOT NULL, album_id text COLLATE "C", primary_artist_id text COLLATE "C", context_type text, context_uri text, ms_played bigint, source text NOT NULL, reason_start text, reason_end text, shuffle boolean, skipped boolean, offline boolean, history_played_at_ms bigint, track_name text, album_name text, artist_name text) ON COMMIT DELETE ROWS`;

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
 * Where each dimension's keys are referenced from, i.e. where inferred members come from, with the
 * columns an inferred member can carry: the export's names on an imported play's placeholder keys
 * (NULL elsewhere). Each source lists the key, then one value per column of INFERRED_COLUMNS.
 */
const REFERENCES: Record<DimensionName, readonly string[]> = {
  artist: [
    'SELECT primary_artist_id, NULL::text FROM stage_album',
    'SELECT artist_id, NULL::text FROM stage_bridge',
    'SELECT primary_artist_id, artist_name FROM stage_play',
  ],
  album: [
    'SELECT album_id, NULL::text, NULL::text FROM stage_track',
    'SELECT album_id, album_name, CASE WHEN album_name IS NOT NULL THEN primary_artist_id END FROM stage_play',
  ],
  track: [
    `SELECT track_id, track_name, CASE WHEN track_name IS NOT NULL THEN album_id END, track_id LIKE '${UNRESOLVED_LIKE}' FROM stage_play`,
  ],
  account: ['SELECT account_id FROM stage_play'],
};

/** Columns an inferred member gets besides its key, and how several references to one key agree. */
const INFERRED_COLUMNS: Record<DimensionName, readonly { name: string; aggregate: string }[]> = {
  artist: [{ name: 'name', aggregate: 'max' }],
  album: [
    { name: 'name', aggregate: 'max' },
    { name: 'primary_artist_id', aggregate: 'max' },
  ],
  track: [
    { name: 'name', aggregate: 'max' },
    { name: 'album_id', aggregate: 'max' },
    { name: 'is_unresolved', aggregate: 'bool_or' },
  ],
  account: [],
};

/** The staging tables whose rows can reference a dimension. */
const REFERENCING_STAGES: Record<DimensionName, readonly StageTable[]> = {
  artist: ['stage_album', 'stage_bridge', 'stage_play'],
  album: ['stage_track', 'stage_play'],
  track: ['stage_play'],
  account: ['stage_play'],
};

/** The staging tables writeDimension reads: with all of them empty, the statement is skipped. */
export function dimensionSources(name: DimensionName): readonly StageTable[] {
  return [DIMENSIONS[name].stage, ...REFERENCING_STAGES[name]];
}

/**
 * One statement per dimension table and batch: the staged records are inserted, or update a member
 * only when their content changed or it was inferred; keys the batch references (REFERENCES) that
 * are neither staged nor in the table become inferred members: key-only, or with the export's
 * names for an imported play. An inferred candidate never overwrites a member (its DO UPDATE is
 * filtered out), and a real record later replaces it. Real and inferred rows are written in one
 * key order, so two writers whose batches describe and reference the same keys wait for each
 * other instead of deadlocking, as separate upsert and inferred statements did. The counts come
 * back in one row; `xmax = 0` is PostgreSQL's tell for a freshly inserted row.
 */
export function writeDimension(schema: string, name: DimensionName): string {
  const { table, stage, key, columns } = DIMENSIONS[name];
  const extra = INFERRED_COLUMNS[name];
  // Columns only an inferred member sets (dim_track.is_unresolved); a real record leaves them.
  const inferredOnly = extra.map((c) => c.name).filter((c) => !(columns as readonly string[]).includes(c));
  const all = [key, ...columns, ...inferredOnly];
  const real = [key, ...columns, ...inferredOnly.map((c) => `false AS ${c}`)];
  const inferred = all.map((c) => {
    if (c === key) return 'k.id';
    const spec = extra.find((e) => e.name === c);
    return spec ? `${spec.aggregate}(k.${c})` : 'NULL';
  });
  const names = ['id', ...extra.map((c) => c.name)];
  return `WITH candidates AS (
  SELECT ${real.join(', ')}, false AS is_inferred FROM ${stage}
  UNION ALL
  SELECT ${inferred.join(', ')}, true
  FROM (${REFERENCES[name].join(' UNION ALL ')}) AS k (${names.join(', ')})
  WHERE k.id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM "${schema}".${table} d WHERE d.${key} = k.id)
    AND NOT EXISTS (SELECT 1 FROM ${stage} s WHERE s.${key} = k.id)
  GROUP BY k.id
), written AS (
  INSERT INTO "${schema}".${table} AS t (${all.join(', ')}, is_inferred, updated_at)
  SELECT ${all.join(', ')}, is_inferred, now() FROM candidates ORDER BY ${key}
  ON CONFLICT (${key}) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}, is_inferred = false, updated_at = now()
  WHERE NOT excluded.is_inferred
    AND ((${columns.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `excluded.${c}`).join(', ')}) OR t.is_inferred)
  RETURNING (xmax = 0) AS inserted, t.is_inferred
)
SELECT count(*) FILTER (WHERE inserted AND NOT is_inferred)::int AS inserted,
  count(*) FILTER (WHERE NOT inserted)::int AS updated,
  count(*) FILTER (WHERE inserted AND is_inferred)::int AS inferred
FROM written`;
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

/** Buckets the accounts are hashed into for the fact-load locks. */
export const ACCOUNT_LOCK_BUCKETS = 4096;
/** A batch with more accounts than this takes the schema-wide fact lock instead of a lock per bucket. */
export const MAX_ACCOUNT_LOCKS = 256;

/**
 * Serialises the fact loads of the same accounts: two writers loading a polled and an imported play
 * of one listen at once would each miss the other's uncommitted row. A batch of few accounts takes
 * the schema-wide lock shared and then one transaction-scoped advisory lock per bucket of accounts,
 * in bucket order, so writers never deadlock on them; 4,096 buckets keep two writers with different
 * accounts (the sink's writers own different partitions, hence different accounts) from waiting on
 * each other by chance. A batch of many accounts takes the schema-wide lock alone, exclusively, so
 * that no transaction holds more than a few hundred locks of PostgreSQL's shared lock table.
 * $1 names the schema's lock space.
 */
export const LOCK_ALL_ACCOUNTS = `SELECT pg_advisory_xact_lock(hashtext($1), ${ACCOUNT_LOCK_BUCKETS})`;
export const LOCK_ACCOUNTS_SHARED = `SELECT pg_advisory_xact_lock_shared(hashtext($1), ${ACCOUNT_LOCK_BUCKETS})`;
export const LOCK_ACCOUNT_BUCKETS = `SELECT count(pg_advisory_xact_lock(hashtext($1), x.bucket))::int AS locked
FROM (SELECT DISTINCT (hashtextextended(account_id, 0) & ${ACCOUNT_LOCK_BUCKETS - 1})::int AS bucket FROM stage_play ORDER BY 1) AS x`;

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
  const out: Record<string, string> = { begin_write: BEGIN_WRITE, create_staging: CREATE_STAGING };
  for (const table of Object.keys(STAGE_COLUMNS) as StageTable[]) out[`copy_${table}`] = copyStatement(table);
  for (const name of Object.keys(DIMENSIONS) as DimensionName[]) {
    out[`write_${name}`] = writeDimension(schema, name);
  }
  out.write_bridge = writeBridge(schema);
  out.resolve_named_plays = resolveNamedPlays(schema);
  out.lock_all_accounts = LOCK_ALL_ACCOUNTS;
  out.lock_accounts_shared = LOCK_ACCOUNTS_SHARED;
  out.lock_account_buckets = LOCK_ACCOUNT_BUCKETS;
  out.write_plays_fast = writePlaysFast(schema);
  out.write_plays = writePlays(schema);
  out.select_account_zones_for_update = selectAccountZonesForUpdate(schema);
  out.select_play_account_zones = selectPlayAccountZones(schema);
  out.select_account_span = selectAccountSpan(schema);
  out.rekey_account_plays = rekeyAccountPlays(schema);
  out.migration_lock = MIGRATION_LOCK;
  out.create_migrations_table = createMigrationsTable(schema);
  out.select_applied_migrations = selectAppliedMigrations(schema);
  out.record_migration = recordMigration(schema);
  return out;
}
