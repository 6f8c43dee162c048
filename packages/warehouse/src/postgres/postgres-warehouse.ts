import { finished } from 'node:stream/promises';
import { isSyntheticTrackId } from '@spotify-pipeline/avro';
import { NonRetriableError, RetriableError } from '@spotify-pipeline/runtime';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import {
  changedZones,
  mismatchedStretches,
  type RekeyTarget,
  rekeyTargets,
  type StoredZone,
} from '../account-zone/index.ts';
import {
  rekeyAccountPlays,
  selectAccountSpan,
  selectAccountZonesForUpdate,
  selectPlayAccountZones,
} from '../account-zone/postgres-statements.ts';
import { isEmptyBatch, type PreparedBatch, prepareBatch } from '../batch/prepare-batch.ts';
import { collisionError } from '../listen-matching/key-collision.ts';
import { checkTolerance } from '../listen-matching/tolerance.ts';
import {
  assertSchemaName,
  loadMigrations,
  migrationsDirectory,
  pendingOf,
} from '../migrations/migration-files.ts';
import { migratePostgres } from '../migrations/postgres-migrator.ts';
import {
  emptyWriteReport,
  type MigrationRef,
  type MigrationReport,
  type UpsertCount,
  type Warehouse,
  type WarehouseBatch,
  type WriteReport,
} from '../warehouse.ts';
import { classifyPostgresError } from './classify-error.ts';
import { createPostgresPool } from './create-pool.ts';
import { stagePayloads } from './stage-rows.ts';
import {
  BEGIN_WRITE,
  CREATE_STAGING,
  copyStatement,
  type DimensionName,
  dimensionSources,
  LOCK_ACCOUNT_BUCKETS,
  LOCK_ACCOUNTS_SHARED,
  LOCK_ALL_ACCOUNTS,
  MAX_ACCOUNT_LOCKS,
  resolveNamedPlays,
  type StageTable,
  writeBridge,
  writeDimension,
  writePlays,
  writePlaysFast,
} from './statements.ts';

const { from: copyFrom } = copyStreams;

/** The column of a play that references each dimension. */
const PLAY_KEYS = {
  artist: 'primary_artist_id',
  album: 'album_id',
  track: 'track_id',
  account: 'account_id',
} as const satisfies Record<DimensionName, keyof PreparedBatch['plays'][number]>;

/** Most keys remembered per dimension (~100 bytes each); past it a set starts over. */
const KNOWN_KEYS_LIMIT = 200_000;

export interface PostgresWarehouseOptions {
  /** postgresql://user:password@host:port/database */
  connectionString: string;
  schema: string;
  /** Pool size; each concurrent writeBatch holds one connection. Default 4. */
  maxConnections?: number;
  /** Where the migration files are; defaults to sql/postgres in this repository. */
  migrationsDirectory?: string;
  /**
   * How far apart (ms) a polled and an imported play of one listen may be; never wider than the
   * track's length. Default 90,000 (LISTEN_MATCH_TOLERANCE_MS).
   */
  listenMatchToleranceMs?: number;
  /** What pg_stat_activity shows for this warehouse's connections. Default `spotify-pipeline`. */
  applicationName?: string;
  /** Told of a connection the server ended outside a query (restart, pg_terminate_backend). */
  onConnectionError?: (error: Error) => void;
}

/**
 * The PostgreSQL warehouse: each batch is COPYed into session-local staging tables and merged with
 * one INSERT ... SELECT ... ON CONFLICT per table, in foreign-key order, inside one transaction.
 */
export class PostgresWarehouse implements Warehouse {
  readonly dialect = 'postgres' as const;
  readonly schema: string;
  readonly #pool: pg.Pool;
  readonly #migrationsDirectory: string;
  readonly #listenMatchToleranceMs: number;
  /**
   * Dimension keys this warehouse has seen committed (described or inferred by a batch of its own).
   * Dimension rows are never deleted, so a batch of facts whose every key is among them has no
   * inferred member to write, and its dimension statements (each a scan of the staged facts) are
   * skipped. Cleared by migrate() and dropSchema(); each set starts over past KNOWN_KEYS_LIMIT.
   */
  readonly #known: Record<DimensionName, Set<string>> = {
    artist: new Set(),
    album: new Set(),
    track: new Set(),
    account: new Set(),
  };
  /** Pooled connections whose staging tables exist (created by a committed batch). */
  readonly #staging = new WeakSet<pg.PoolClient>();
  #closing: Promise<void> | undefined;

  constructor(options: PostgresWarehouseOptions) {
    if (!options.connectionString)
      throw new NonRetriableError('PostgresWarehouse: connectionString is required');
    assertSchemaName(options.schema);
    this.#listenMatchToleranceMs = checkTolerance('PostgresWarehouse', options.listenMatchToleranceMs);
    this.schema = options.schema;
    this.#migrationsDirectory = options.migrationsDirectory ?? migrationsDirectory('postgres');
    // Every client, idle or checked out for a write, listens for errors: a backend that ends must
    // not crash the process; the next query gets a fresh connection, or a retriable error.
    this.#pool = createPostgresPool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 4,
      ...(options.applicationName ? { applicationName: options.applicationName } : {}),
      ...(options.onConnectionError ? { onConnectionError: options.onConnectionError } : {}),
    });
  }

  async migrate(): Promise<MigrationReport> {
    this.#assertOpen();
    this.#forgetKnownKeys();
    return migratePostgres(this.#pool, this.schema, await loadMigrations(this.#migrationsDirectory));
  }

  async pendingMigrations(): Promise<MigrationRef[]> {
    this.#assertOpen();
    const files = await loadMigrations(this.#migrationsDirectory);
    try {
      const { rows } = await this.#pool.query<{ version: number }>(
        `SELECT version FROM "${this.schema}".schema_migrations`,
      );
      return pendingOf(files, rows);
    } catch (error) {
      // undefined_table / invalid_schema_name: nothing was ever applied here.
      if ((error as { code?: string }).code === '42P01' || (error as { code?: string }).code === '3F000') {
        return pendingOf(files, []);
      }
      throw classifyPostgresError(error, 'reading schema_migrations');
    }
  }

  async ping(): Promise<void> {
    this.#assertOpen();
    try {
      await this.#pool.query('SELECT 1');
    } catch (error) {
      throw classifyPostgresError(error, 'pinging PostgreSQL');
    }
  }

  async writeBatch(batch: WarehouseBatch): Promise<WriteReport> {
    this.#assertOpen();
    const prepared = prepareBatch(batch, { listenMatchToleranceMs: this.#listenMatchToleranceMs });
    if (isEmptyBatch(prepared)) return emptyWriteReport();
    const payloads = stagePayloads(prepared);
    // One attempt: retrying is the caller's (the sink's BatchWriter), so it happens in one layer.
    return this.#writeOnce(prepared, payloads);
  }

  /** Drops this warehouse's schema and everything in it. For tests and throw-away environments. */
  async dropSchema(): Promise<void> {
    this.#assertOpen();
    this.#forgetKnownKeys();
    await this.#pool.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
  }

  /** Runs one query on the pool; for tests and tools that inspect the warehouse. */
  async query<R>(text: string, values: unknown[] = []): Promise<R[]> {
    this.#assertOpen();
    return (await this.#pool.query(text, values)).rows as R[];
  }

  close(): Promise<void> {
    this.#closing ??= this.#pool.end();
    return this.#closing;
  }

  #assertOpen(): void {
    if (this.#closing) throw new NonRetriableError('PostgresWarehouse is closed');
  }

  async #writeOnce(batch: PreparedBatch, payloads: Record<StageTable, Buffer>): Promise<WriteReport> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw classifyPostgresError(error, 'connecting to PostgreSQL');
    }
    const unknown = this.#unknownPlayKeys(batch);
    let step = 'BEGIN';
    try {
      await client.query(BEGIN_WRITE);
      if (!this.#staging.has(client)) {
        step = 'creating staging tables';
        await client.query(CREATE_STAGING);
      }
      const staged = new Set<StageTable>();
      for (const [table, payload] of Object.entries(payloads) as [StageTable, Buffer][]) {
        if (payload.length === 0) continue;
        step = `copying into ${table}`;
        const stream = client.query(copyFrom(copyStatement(table)));
        stream.end(payload);
        await finished(stream);
        staged.add(table);
      }
      const report = await this.#merge(client, batch, staged, unknown, (s) => {
        step = s;
      });
      step = 'COMMIT';
      await client.query('COMMIT');
      this.#staging.add(client);
      client.release();
      this.#rememberKeys(batch, unknown);
      return report;
    } catch (error) {
      const failure = classifyPostgresError(error, `writing a batch to PostgreSQL (${step})`);
      // A connection that failed mid-transaction may be unusable: destroy it rather than pool it.
      await client.query('ROLLBACK').catch(() => undefined);
      this.#staging.delete(client);
      client.release(failure instanceof RetriableError ? true : undefined);
      throw failure;
    }
  }

  async #merge(
    client: pg.PoolClient,
    batch: PreparedBatch,
    staged: ReadonlySet<StageTable>,
    /** Dimensions whose statement must run for the plays' keys (#unknownPlayKeys). */
    unknown: ReadonlySet<DimensionName>,
    onStep: (step: string) => void,
  ): Promise<WriteReport> {
    const report = emptyWriteReport();
    const schema = this.schema;
    /** One statement writes the batch's records of a dimension and its inferred members. */
    const dimension = async (name: DimensionName): Promise<void> => {
      if (!dimensionSources(name).some((s) => staged.has(s))) return;
      if (this.#allKnown(name, staged, unknown)) return;
      onStep(`writing ${name}s`);
      const { rows } = await client.query<UpsertCount & { inferred: number }>(writeDimension(schema, name));
      const { inserted, updated, inferred } = rows[0]!;
      report[`${name}s`] = { inserted, updated };
      report.inferred[`${name}s`] = inferred;
    };

    if (staged.has('stage_play') && batch.plays.some((p) => isSyntheticTrackId(p.track_id))) {
      onStep('resolving name-only plays');
      await client.query(resolveNamedPlays(schema));
    }
    await dimension('artist');
    await dimension('album');
    await dimension('track');
    if (staged.has('stage_track')) {
      onStep('writing bridge_track_artist');
      const { rows } = await client.query<WriteReport['bridge']>(writeBridge(schema));
      report.bridge = rows[0]!;
    }
    // An account whose zone this batch changes gets every fact re-keyed (account-zone/index.ts).
    let whole: RekeyTarget[] = [];
    if (staged.has('stage_account')) {
      onStep("reading the accounts' zones");
      const { rows } = await client.query<StoredZone>(selectAccountZonesForUpdate(schema), [
        batch.accounts.map((a) => a.account_id),
      ]);
      whole = changedZones(rows, batch.accounts);
    }
    await dimension('account');
    let mismatched: RekeyTarget[] = [];
    if (staged.has('stage_play')) {
      onStep("reading the zones of the plays' accounts");
      const { rows: zones } = await client.query<StoredZone>(selectPlayAccountZones(schema), [
        [...new Set(batch.plays.map((p) => p.account_id))],
      ]);
      mismatched = mismatchedStretches(batch.plays, zones, whole, this.#listenMatchToleranceMs);
      onStep('locking the accounts of the plays');
      const lockSpace = [`spotify-pipeline:fact_play:${schema}`];
      if (new Set(batch.plays.map((p) => p.account_id)).size > MAX_ACCOUNT_LOCKS) {
        await client.query(LOCK_ALL_ACCOUNTS, lockSpace);
      } else {
        await client.query(LOCK_ACCOUNTS_SHARED, lockSpace);
        await client.query(LOCK_ACCOUNT_BUCKETS, lockSpace);
      }
      onStep('writing plays');
      const { rows: fast } = await client.query<{ busy: boolean; pending: boolean; inserted: number }>(
        writePlaysFast(schema),
        [this.#listenMatchToleranceMs],
      );
      const quick = fast[0]!;
      if (!quick.busy) {
        // No row near any staged fact: all inserted, none could collide (their keys are unique).
        const unloaded = batch.plays.length - quick.inserted;
        if (unloaded > 0) throw collisionError(batch.plays, unloaded, null);
        report.plays = { inserted: quick.inserted, merged: 0, duplicates: 0 };
      } else if (!quick.pending) {
        // Every staged fact is a replay of its row: nothing to write.
        report.plays = { inserted: 0, merged: 0, duplicates: batch.plays.length };
      } else {
        await this.#writeMatchedPlays(client, batch, report);
      }
    }
    if (whole.length + mismatched.length > 0) {
      onStep('re-deriving local date and time keys');
      report.rekeyed = await rekeyTargets([...whole, ...mismatched], {
        accountSpan: async (accountId) => {
          const { rows } = await client.query<{ from_ms: string | null; to_ms: string | null }>(
            selectAccountSpan(schema),
            [accountId],
          );
          const span = rows[0];
          return span?.from_ms && span.to_ms
            ? { fromMs: Number(span.from_ms), toMs: Number(span.to_ms) }
            : null;
        },
        rekey: async (accountId, spans) => {
          const { rows } = await client.query<{ rekeyed: number }>(rekeyAccountPlays(schema), [
            accountId,
            JSON.stringify(spans.map((sp) => [sp.fromMs, sp.toMs, sp.offsetS])),
          ]);
          return rows[0]!.rekeyed;
        },
      });
    }
    return report;
  }

  /**
   * The dimensions with a key the batch's plays reference and this warehouse has not seen
   * committed; all of them when a play has a name-only track (resolved to other keys in SQL).
   * One pass over the plays; a key equal to the previous play's is not looked up again.
   */
  #unknownPlayKeys(batch: PreparedBatch): Set<DimensionName> {
    const names = Object.keys(PLAY_KEYS) as DimensionName[];
    const unknown = new Set<DimensionName>();
    const previous: Record<DimensionName, string | null | undefined> = {
      artist: undefined,
      album: undefined,
      track: undefined,
      account: undefined,
    };
    for (const play of batch.plays) {
      if (isSyntheticTrackId(play.track_id)) return new Set(names);
      for (const name of names) {
        const id = play[PLAY_KEYS[name]];
        if (id === previous[name] || id === null || id === undefined) continue;
        previous[name] = id;
        if (!this.#known[name].has(id)) unknown.add(name);
      }
      if (unknown.size === names.length) break;
    }
    return unknown;
  }

  /**
   * True when the dimension's statement would write nothing: the batch describes no member of it
   * (nor references one from another dimension's records), and every key its plays reference is
   * known to be in the table.
   */
  #allKnown(
    name: DimensionName,
    staged: ReadonlySet<StageTable>,
    unknown: ReadonlySet<DimensionName>,
  ): boolean {
    return !unknown.has(name) && !dimensionSources(name).some((s) => s !== 'stage_play' && staged.has(s));
  }

  /**
   * After a commit: every key the batch described or referenced is in its dimension now. The
   * plays' keys are added for the dimensions that had unknown ones (the others are known), except
   * when a name-only play may have been resolved to other keys in SQL.
   */
  #rememberKeys(batch: PreparedBatch, unknown: ReadonlySet<DimensionName>): void {
    const add = (name: DimensionName, id: string | null | undefined) => {
      if (id === null || id === undefined) return;
      const known = this.#known[name];
      if (known.size >= KNOWN_KEYS_LIMIT) known.clear();
      known.add(id);
    };
    for (const a of batch.artists) add('artist', a.artist_id);
    for (const a of batch.albums) {
      add('album', a.album_id);
      add('artist', a.primary_artist_id);
    }
    for (const t of batch.tracks) {
      add('track', t.track_id);
      add('album', t.album_id);
    }
    for (const b of batch.bridge) add('artist', b.artist_id);
    for (const a of batch.accounts) add('account', a.account_id);
    if (unknown.size === 0 || batch.plays.some((p) => isSyntheticTrackId(p.track_id))) return;
    for (const name of unknown) {
      const key = PLAY_KEYS[name];
      let previous: string | null | undefined;
      for (const play of batch.plays) {
        const id = play[key];
        if (id !== previous) add(name, id);
        previous = id;
      }
    }
  }

  #forgetKnownKeys(): void {
    for (const known of Object.values(this.#known)) known.clear();
  }

  /** writePlays: every staged fact matched to a stored listen (listen-matching/index.ts). */
  async #writeMatchedPlays(client: pg.PoolClient, batch: PreparedBatch, report: WriteReport): Promise<void> {
    const { rows } = await client.query<{
      inserted: number;
      merged: number;
      collided: number;
      first_collision: string | null;
    }>(writePlays(this.schema), [this.#listenMatchToleranceMs]);
    const { inserted, merged, collided, first_collision } = rows[0]!;
    if (collided > 0) throw collisionError(batch.plays, collided, first_collision);
    report.plays = { inserted, merged, duplicates: batch.plays.length - inserted - merged };
  }
}
