import pg from 'pg';
import { QUERY_PARAMETERS, type ReportQuery } from '../queries.ts';
import type { ReportDatabase, ReportParams, Row } from '../report-database.ts';
import { postgresReportStatements } from './statements.ts';

export class PostgresReportDatabase implements ReportDatabase {
  readonly dialect = 'postgres';
  readonly #pool: pg.Pool;
  readonly #statements: ReturnType<typeof postgresReportStatements>;
  #closing: Promise<void> | undefined;

  constructor(connectionString: string, schema: string) {
    this.#statements = postgresReportStatements(schema);
    // A report runs its queries in parallel; a handful of connections is plenty.
    this.#pool = new pg.Pool({ connectionString, max: 6, application_name: 'spotify-pipeline report' });
    this.#pool.on('error', () => undefined); // an idle client's error: the next query reconnects
  }

  async run(query: ReportQuery, params?: ReportParams): Promise<Row[]> {
    // PostgreSQL refuses more bound values than the statement has parameters.
    const bound = QUERY_PARAMETERS[query];
    const values =
      !params || bound === 'none'
        ? []
        : bound === 'account'
          ? [params.account]
          : [params.account, params.from, params.to];
    const { rows } = await this.#pool.query(this.#statements[query], values);
    return rows;
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }

  close(): Promise<void> {
    this.#closing ??= this.#pool.end();
    return this.#closing;
  }
}
