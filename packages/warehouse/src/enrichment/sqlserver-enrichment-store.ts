import { NonRetriableError } from '@spotify-pipeline/runtime';
import sql from 'mssql';
import { assertSchemaName } from '../migrations/migration-files.ts';
import { classifySqlServerError } from '../mssql/classify-error.ts';
import { sqlServerConfig } from '../mssql/connection-config.ts';
import { mssqlEnrichmentStatements } from './enrichment-statements.ts';
import type { EnrichmentProgress, EnrichmentStore } from './enrichment-store.ts';

export interface SqlServerEnrichmentStoreOptions {
  readonly url: string;
  readonly schema: string;
}

export class SqlServerEnrichmentStore implements EnrichmentStore {
  readonly #pool: sql.ConnectionPool;
  readonly #sql: ReturnType<typeof mssqlEnrichmentStatements>;
  #connecting: Promise<sql.ConnectionPool> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: SqlServerEnrichmentStoreOptions) {
    assertSchemaName(options.schema);
    this.#sql = mssqlEnrichmentStatements(options.schema);
    this.#pool = new sql.ConnectionPool(sqlServerConfig(options.url, 2));
    this.#pool.on('error', () => undefined);
  }

  async tracksToEnrich(): Promise<string[]> {
    const result = await this.#run('listing tracks to enrich', this.#sql.select_tracks_to_enrich);
    return (result.recordset as { track_id: string }[]).map((r) => r.track_id);
  }

  async filterTracksToEnrich(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const result = await this.#run('checking tracks to enrich', this.#sql.filter_tracks_to_enrich, ids);
    return new Set((result.recordset as { track_id: string }[]).map((r) => r.track_id));
  }

  async progress(): Promise<EnrichmentProgress> {
    const result = await this.#run('counting tracks to enrich', this.#sql.count_tracks_to_enrich);
    const row = result.recordset[0] as { tracks: number; placeholder_plays: number; unavailable: number };
    return { tracks: row.tracks, placeholderPlays: row.placeholder_plays, unavailable: row.unavailable };
  }

  async markUnavailable(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.#run('flagging unavailable tracks', this.#sql.mark_tracks_unavailable, ids);
    return result.rowsAffected[0] ?? 0;
  }

  async repointPlaceholderPlays(): Promise<number> {
    const result = await this.#run('re-pointing placeholder plays', this.#sql.repoint_placeholder_plays);
    return result.rowsAffected[0] ?? 0;
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#connecting) await this.#connecting.catch(() => undefined);
      await this.#pool.close();
    })();
    return this.#closing;
  }

  async #run(doing: string, text: string, ids?: readonly string[]): Promise<sql.IResult<unknown>> {
    if (this.#closing) throw new NonRetriableError('SqlServerEnrichmentStore is closed');
    try {
      this.#connecting ??= this.#pool.connect();
      const request = (await this.#connecting).request();
      if (ids) request.input('ids', sql.NVarChar(sql.MAX), JSON.stringify(ids));
      return await request.query(text);
    } catch (error) {
      this.#connecting = undefined;
      throw classifySqlServerError(error, doing);
    }
  }
}
