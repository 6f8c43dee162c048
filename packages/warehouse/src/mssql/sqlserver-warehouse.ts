import { isSyntheticTrackId } from '@spotify-pipeline/avro';
import { NonRetriableError } from '@spotify-pipeline/runtime';
import sql from 'mssql';
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
} from '../account-zone/mssql-statements.ts';
import { isEmptyBatch, type PreparedBatch, prepareBatch } from '../batch/prepare-batch.ts';
import { collisionError } from '../listen-matching/key-collision.ts';
import { checkTolerance } from '../listen-matching/tolerance.ts';
import {
  assertSchemaName,
  loadMigrations,
  migrationsDirectory,
  pendingOf,
} from '../migrations/migration-files.ts';
import { migrateSqlServer } from '../migrations/mssql-migrator.ts';
import {
  emptyWriteReport,
  type MigrationRef,
  type MigrationReport,
  type Warehouse,
  type WarehouseBatch,
  type WriteReport,
} from '../warehouse.ts';
import { classifySqlServerError } from './classify-error.ts';
import { sqlServerConfig } from './connection-config.ts';
import { stageJson } from './stage-json.ts';
import {
  type MssqlDimensionName,
  mergeBridge,
  mergeDimension,
  mergePlays,
  selectNamedTracks,
} from './statements.ts';

export interface SqlServerWarehouseOptions {
  /** mssql://user:password@host:port/database[?encrypt=..&trustServerCertificate=..] */
  url: string;
  schema: string;
  maxConnections?: number;
  migrationsDirectory?: string;
  /** How far apart (ms) a polled and an imported play of one listen may be (see PostgresWarehouse). */
  listenMatchToleranceMs?: number;
}

/**
 * The SQL Server warehouse: one transaction a batch, one MERGE ... WITH (HOLDLOCK) per table fed by
 * OPENJSON over one NVARCHAR(MAX) parameter, in foreign-key order. A deadlock victim is retried.
 */
export class SqlServerWarehouse implements Warehouse {
  readonly dialect = 'mssql' as const;
  readonly schema: string;
  readonly #pool: sql.ConnectionPool;
  readonly #migrationsDirectory: string;
  readonly #listenMatchToleranceMs: number;
  #connecting: Promise<sql.ConnectionPool> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: SqlServerWarehouseOptions) {
    assertSchemaName(options.schema);
    this.#listenMatchToleranceMs = checkTolerance('SqlServerWarehouse', options.listenMatchToleranceMs);
    this.schema = options.schema;
    this.#migrationsDirectory = options.migrationsDirectory ?? migrationsDirectory('mssql');
    this.#pool = new sql.ConnectionPool(sqlServerConfig(options.url, options.maxConnections ?? 4));
    this.#pool.on('error', () => undefined);
  }

  async migrate(): Promise<MigrationReport> {
    const pool = await this.#connected();
    return migrateSqlServer(pool, this.schema, await loadMigrations(this.#migrationsDirectory));
  }

  async pendingMigrations(): Promise<MigrationRef[]> {
    const pool = await this.#connected();
    const files = await loadMigrations(this.#migrationsDirectory);
    try {
      const { recordset } = await pool
        .request()
        .query<{ version: number }>(
          `IF OBJECT_ID(N'[${this.schema}].schema_migrations', N'U') IS NOT NULL SELECT version FROM [${this.schema}].schema_migrations; ELSE SELECT CAST(NULL AS INT) AS version WHERE 1 = 0;`,
        );
      return pendingOf(files, recordset);
    } catch (error) {
      throw classifySqlServerError(error, 'reading schema_migrations');
    }
  }

  async ping(): Promise<void> {
    const pool = await this.#connected();
    try {
      await pool.request().query('SELECT 1 AS ok;');
    } catch (error) {
      throw classifySqlServerError(error, 'pinging SQL Server');
    }
  }

  async writeBatch(batch: WarehouseBatch): Promise<WriteReport> {
    const prepared = prepareBatch(batch, { listenMatchToleranceMs: this.#listenMatchToleranceMs });
    const pool = await this.#connected();
    if (isEmptyBatch(prepared)) return emptyWriteReport();
    // One attempt: retrying is the caller's (the sink's BatchWriter), so it happens in one layer.
    return this.#writeOnce(pool, prepared);
  }

  /** Drops every table and view of this warehouse's schema, then the schema. For tests. */
  async dropSchema(): Promise<void> {
    const pool = await this.#connected();
    const objects = await pool
      .request()
      .input('schema', sql.NVarChar(128), this.schema)
      .query<{ name: string; type: string }>(
        `SELECT o.name, o.type FROM sys.objects o WHERE o.schema_id = SCHEMA_ID(@schema) AND o.type IN ('V', 'U') ORDER BY CASE o.type WHEN 'V' THEN 0 ELSE 1 END;`,
      );
    // Foreign keys first, so tables can go in any order.
    await pool
      .request()
      .input('schema', sql.NVarChar(128), this.schema)
      .batch(
        `DECLARE @drop NVARCHAR(MAX) = N'';
SELECT @drop += N'ALTER TABLE ' + QUOTENAME(@schema) + N'.' + QUOTENAME(OBJECT_NAME(parent_object_id)) + N' DROP CONSTRAINT ' + QUOTENAME(name) + N';'
FROM sys.foreign_keys WHERE schema_id = SCHEMA_ID(@schema);
EXEC sys.sp_executesql @drop;`,
      );
    for (const { name, type } of objects.recordset) {
      await pool
        .request()
        .batch(`DROP ${type.trim() === 'V' ? 'VIEW' : 'TABLE'} [${this.schema}].[${name}];`);
    }
    await pool.request().batch(`IF SCHEMA_ID(N'${this.schema}') IS NOT NULL DROP SCHEMA [${this.schema}];`);
  }

  /** Runs one query on the pool; for tests and tools that inspect the warehouse. */
  async query<R>(text: string): Promise<R[]> {
    const pool = await this.#connected();
    return (await pool.request().query<R>(text)).recordset;
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#connecting) await this.#connecting.catch(() => undefined);
      await this.#pool.close();
    })();
    return this.#closing;
  }

  #connected(): Promise<sql.ConnectionPool> {
    if (this.#closing) return Promise.reject(new NonRetriableError('SqlServerWarehouse is closed'));
    this.#connecting ??= this.#pool.connect().catch((error: unknown) => {
      this.#connecting = undefined;
      throw classifySqlServerError(error, 'connecting to SQL Server');
    });
    return this.#connecting;
  }

  async #writeOnce(pool: sql.ConnectionPool, batch: PreparedBatch): Promise<WriteReport> {
    const tx = new sql.Transaction(pool);
    let step = 'BEGIN TRANSACTION';
    let begun = false;
    const report = emptyWriteReport();
    let json = stageJson(batch);
    const run = async (doing: string, text: string, params: Record<string, string>) => {
      step = doing;
      const request = new sql.Request(tx);
      for (const [name, value] of Object.entries(params)) request.input(name, sql.NVarChar(sql.MAX), value);
      return request.query<{ $action: 'INSERT' | 'UPDATE' | 'DELETE' }>(text);
    };
    const countActions = (rows: readonly { $action: string }[]) => {
      const out = { inserted: 0, updated: 0, deleted: 0 };
      for (const row of rows) {
        if (row.$action === 'INSERT') out.inserted += 1;
        else if (row.$action === 'UPDATE') out.updated += 1;
        else if (row.$action === 'DELETE') out.deleted += 1;
      }
      return out;
    };
    /** One MERGE writes the batch's records of a dimension (@rows) and its inferred members (@inferred). */
    const dimension = async (
      name: MssqlDimensionName,
      rows: string | undefined,
      inferred: string | undefined,
    ): Promise<void> => {
      if (!rows && !inferred) return;
      const { recordset } = await run(`merging ${name}s`, mergeDimension(this.schema, name), {
        rows: rows ?? '[]',
        inferred: inferred ?? '[]',
      });
      // An update always makes its member real, so only inserted rows can come back inferred.
      const written = recordset as unknown as { $action: string; is_inferred: boolean }[];
      const { inserted, updated } = countActions(written.filter((r) => !r.is_inferred));
      report[`${name}s`] = { inserted, updated };
      report.inferred[`${name}s`] = written.filter((r) => r.is_inferred).length;
    };
    try {
      await tx.begin();
      begun = true;
      const named = batch.plays.filter((p) => isSyntheticTrackId(p.track_id));
      if (named.length > 0) {
        const rows = JSON.stringify(
          named.map((p) => [p.track_id, p.track_name ?? null, p.artist_name ?? null]),
        );
        const found = (await run('resolving name-only plays', selectNamedTracks(this.schema), { rows }))
          .recordset as unknown as {
          unresolved_id: string;
          track_id: string;
          album_id: string;
          artist_id: string | null;
        }[];
        if (found.length > 0) json = stageJson(resolvePlays(batch, found));
      }
      await dimension('artist', json.artists, json.inferredArtists);
      await dimension('album', json.albums, json.inferredAlbums);
      await dimension('track', json.tracks, json.inferredTracks);
      if (json.trackIds) {
        report.bridge = countActions(
          (
            await run('merging bridge_track_artist', mergeBridge(this.schema), {
              rows: json.bridge ?? '[]',
              tracks: json.trackIds,
            })
          ).recordset,
        );
      }
      // An account whose zone this batch changes gets every fact re-keyed (account-zone/index.ts).
      let whole: RekeyTarget[] = [];
      if (batch.accounts.length > 0) {
        const { recordset } = await run(
          "reading the accounts' zones",
          selectAccountZonesForUpdate(this.schema),
          {
            ids: JSON.stringify(batch.accounts.map((a) => a.account_id)),
          },
        );
        whole = changedZones(recordset as unknown as StoredZone[], batch.accounts);
      }
      await dimension('account', json.accounts, json.inferredAccounts);
      let mismatched: RekeyTarget[] = [];
      if (json.plays) {
        const { recordset: zones } = await run(
          "reading the zones of the plays' accounts",
          selectPlayAccountZones(this.schema),
          { ids: JSON.stringify([...new Set(batch.plays.map((p) => p.account_id))]) },
        );
        mismatched = mismatchedStretches(
          batch.plays,
          zones as unknown as StoredZone[],
          whole,
          this.#listenMatchToleranceMs,
        );
        const written = (
          await run('merging plays', mergePlays(this.schema), {
            rows: json.plays,
            tolerance: String(this.#listenMatchToleranceMs),
          })
        ).recordset as unknown as { $action: string; collision: string | null }[];
        const collisions = written.filter((r) => r.collision !== null);
        if (collisions.length > 0) {
          throw collisionError(batch.plays, collisions.length, collisions[0]!.collision);
        }
        const { inserted, updated } = countActions(written);
        report.plays = { inserted, merged: updated, duplicates: batch.plays.length - inserted - updated };
      }
      if (whole.length + mismatched.length > 0) {
        report.rekeyed = await rekeyTargets([...whole, ...mismatched], {
          accountSpan: async (account) => {
            const { recordset } = await run(
              "reading an account's span of plays",
              selectAccountSpan(this.schema),
              {
                account,
              },
            );
            const span = recordset[0] as unknown as
              | { from_ms: string | null; to_ms: string | null }
              | undefined;
            return span?.from_ms && span.to_ms
              ? { fromMs: Number(span.from_ms), toMs: Number(span.to_ms) }
              : null;
          },
          rekey: async (account, spans) => {
            const utc = (ms: number) => new Date(ms).toISOString().slice(0, 23);
            const { recordset } = await run(
              're-deriving local date and time keys',
              rekeyAccountPlays(this.schema),
              {
                account,
                spans: JSON.stringify(spans.map((sp) => [utc(sp.fromMs), utc(sp.toMs), sp.offsetS])),
              },
            );
            return (recordset[0] as unknown as { rekeyed: number } | undefined)?.rekeyed ?? 0;
          },
        });
      }
      step = 'COMMIT';
      await tx.commit();
      return report;
    } catch (error) {
      if (begun) await tx.rollback().catch(() => undefined);
      throw classifySqlServerError(error, `writing a batch to SQL Server (${step})`);
    }
  }
}

/** The batch with its name-only plays moved to the tracks their names matched. */
function resolvePlays(
  batch: PreparedBatch,
  found: readonly { unresolved_id: string; track_id: string; album_id: string; artist_id: string | null }[],
): PreparedBatch {
  const byId = new Map(found.map((f) => [f.unresolved_id, f]));
  const plays = batch.plays.map((p) => {
    const match = byId.get(p.track_id);
    if (!match) return p;
    return {
      ...p,
      track_id: match.track_id,
      album_id: match.album_id,
      primary_artist_id: match.artist_id ?? p.primary_artist_id,
      track_name: null,
      album_name: null,
      artist_name: null,
    };
  });
  return { ...batch, plays };
}
