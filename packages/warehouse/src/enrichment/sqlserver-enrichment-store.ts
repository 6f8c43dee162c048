import { NonRetriableError } from '@spotify-pipeline/runtime';
import sql from 'mssql';
import { assertSchemaName } from '../migrations/migration-files.ts';
import { classifySqlServerError } from '../mssql/classify-error.ts';
import { sqlServerConfig } from '../mssql/connection-config.ts';
import { mssqlEnrichmentStatements } from './enrichment-statements.ts';
import {
  type EnrichmentProgress,
  type EnrichmentStore,
  type NameToSearch,
  type ProgressRow,
  progressOf,
} from './enrichment-store.ts';

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
    return progressOf(result.recordset[0] as ProgressRow);
  }

  async namesToSearch(): Promise<NameToSearch[]> {
    const result = await this.#run('listing name-only tracks to search', this.#sql.select_names_to_search);
    return (result.recordset as { track_id: string; track_name: string; artist_name: string }[]).map((r) => ({
      trackId: r.track_id,
      trackName: r.track_name,
      artistName: r.artist_name,
    }));
  }

  async filterNamesToSearch(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const result = await this.#run(
      'checking name-only tracks to search',
      this.#sql.filter_names_to_search,
      ids,
    );
    return new Set((result.recordset as { track_id: string }[]).map((r) => r.track_id));
  }

  async markNameSearched(id: string, isEpisode: boolean): Promise<boolean> {
    const result = await this.#run('recording a name search', this.#sql.mark_name_searched, undefined, {
      id,
      episode: isEpisode ? '1' : '0',
    });
    return (result.rowsAffected[0] ?? 0) > 0;
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

  async #run(
    doing: string,
    text: string,
    ids?: readonly string[],
    params: Record<string, string> = {},
  ): Promise<sql.IResult<unknown>> {
    if (this.#closing) throw new NonRetriableError('SqlServerEnrichmentStore is closed');
    try {
      this.#connecting ??= this.#pool.connect();
      const request = (await this.#connecting).request();
      if (ids) request.input('ids', sql.NVarChar(sql.MAX), JSON.stringify(ids));
      for (const [name, value] of Object.entries(params)) request.input(name, sql.NVarChar(sql.MAX), value);
      return await request.query(text);
    } catch (error) {
      this.#connecting = undefined;
      throw classifySqlServerError(error, doing);
    }
  }
}
