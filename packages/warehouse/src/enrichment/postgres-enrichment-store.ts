import { NonRetriableError } from '@spotify-pipeline/runtime';
import type pg from 'pg';
import { assertSchemaName } from '../migrations/migration-files.ts';
import { classifyPostgresError } from '../postgres/classify-error.ts';
import { createPostgresPool } from '../postgres/create-pool.ts';
import { postgresEnrichmentStatements } from './enrichment-statements.ts';
import {
  type EnrichmentProgress,
  type EnrichmentStore,
  type NameToSearch,
  type ProgressRow,
  progressOf,
} from './enrichment-store.ts';

export interface PostgresEnrichmentStoreOptions {
  readonly connectionString: string;
  readonly schema: string;
}

export class PostgresEnrichmentStore implements EnrichmentStore {
  readonly #pool: pg.Pool;
  readonly #sql: ReturnType<typeof postgresEnrichmentStatements>;
  #closing: Promise<void> | undefined;

  constructor(options: PostgresEnrichmentStoreOptions) {
    if (!options.connectionString)
      throw new NonRetriableError('PostgresEnrichmentStore: connectionString is required');
    assertSchemaName(options.schema);
    this.#sql = postgresEnrichmentStatements(options.schema);
    this.#pool = createPostgresPool({ connectionString: options.connectionString, max: 2 });
  }

  async tracksToEnrich(): Promise<string[]> {
    const rows = await this.#query<{ track_id: string }>(
      'listing tracks to enrich',
      this.#sql.select_tracks_to_enrich,
    );
    return rows.map((r) => r.track_id);
  }

  async filterTracksToEnrich(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.#query<{ track_id: string }>(
      'checking tracks to enrich',
      this.#sql.filter_tracks_to_enrich,
      [ids],
    );
    return new Set(rows.map((r) => r.track_id));
  }

  async progress(): Promise<EnrichmentProgress> {
    const [row] = await this.#query<ProgressRow>(
      'counting tracks to enrich',
      this.#sql.count_tracks_to_enrich,
    );
    return progressOf(row!);
  }

  async namesToSearch(): Promise<NameToSearch[]> {
    const rows = await this.#query<{ track_id: string; track_name: string; artist_name: string }>(
      'listing name-only tracks to search',
      this.#sql.select_names_to_search,
    );
    return rows.map((r) => ({ trackId: r.track_id, trackName: r.track_name, artistName: r.artist_name }));
  }

  async filterNamesToSearch(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.#query<{ track_id: string }>(
      'checking name-only tracks to search',
      this.#sql.filter_names_to_search,
      [ids],
    );
    return new Set(rows.map((r) => r.track_id));
  }

  async markNameSearched(id: string, isEpisode: boolean): Promise<boolean> {
    return (
      (await this.#rowCount('recording a name search', this.#sql.mark_name_searched, [id, isEpisode])) > 0
    );
  }

  async markUnavailable(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.#rowCount('flagging unavailable tracks', this.#sql.mark_tracks_unavailable, [ids]);
  }

  repointPlaceholderPlays(): Promise<number> {
    return this.#rowCount('re-pointing placeholder plays', this.#sql.repoint_placeholder_plays);
  }

  close(): Promise<void> {
    this.#closing ??= this.#pool.end();
    return this.#closing;
  }

  async #query<R extends pg.QueryResultRow>(
    doing: string,
    text: string,
    values: unknown[] = [],
  ): Promise<R[]> {
    return (await this.#run(doing, text, values)).rows as R[];
  }

  async #rowCount(doing: string, text: string, values: unknown[] = []): Promise<number> {
    return (await this.#run(doing, text, values)).rowCount ?? 0;
  }

  async #run(doing: string, text: string, values: unknown[]): Promise<pg.QueryResult> {
    if (this.#closing) throw new NonRetriableError('PostgresEnrichmentStore is closed');
    try {
      return await this.#pool.query(text, values);
    } catch (error) {
      throw classifyPostgresError(error, doing);
    }
  }
}
