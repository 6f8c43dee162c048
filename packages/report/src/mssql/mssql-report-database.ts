import { sqlServerConfig } from '@spotify-pipeline/warehouse';
import sql from 'mssql';
import type { ReportQuery } from '../queries.ts';
import type { ReportDatabase, ReportParams, Row } from '../report-database.ts';
import { mssqlReportStatements } from './statements.ts';

export class SqlServerReportDatabase implements ReportDatabase {
  readonly dialect = 'mssql';
  readonly #pool: sql.ConnectionPool;
  readonly #statements: ReturnType<typeof mssqlReportStatements>;
  #connecting: Promise<sql.ConnectionPool> | undefined;
  #closing: Promise<void> | undefined;

  constructor(url: string, schema: string) {
    this.#statements = mssqlReportStatements(schema);
    this.#pool = new sql.ConnectionPool(sqlServerConfig(url, 6));
  }

  async run(query: ReportQuery, params?: ReportParams): Promise<Row[]> {
    const request = (await this.#connected()).request();
    if (params) {
      request.input('account', sql.NVarChar(200), params.account);
      request.input('from', sql.Date, params.from);
      request.input('to', sql.Date, params.to);
    }
    const result = await request.query(this.#statements[query]);
    return result.recordset as Row[];
  }

  async ping(): Promise<void> {
    await (await this.#connected()).request().query('SELECT 1');
  }

  #connected(): Promise<sql.ConnectionPool> {
    this.#connecting ??= this.#pool.connect().catch((error: unknown) => {
      this.#connecting = undefined;
      throw error;
    });
    return this.#connecting;
  }

  close(): Promise<void> {
    this.#closing ??= this.#pool.close().then(() => undefined);
    return this.#closing;
  }
}
