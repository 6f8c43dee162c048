import type { WarehouseEnv } from '@spotify-pipeline/warehouse';
import { SqlServerReportDatabase } from './mssql/mssql-report-database.ts';
import { PostgresReportDatabase } from './postgres/postgres-report-database.ts';
import type { ReportDatabase } from './report-database.ts';

/** The warehouse the environment names, as the sink sees it: SQL Server when MSSQL_URL is set. */
export function createReportDatabase(env: WarehouseEnv): ReportDatabase {
  if (env.MSSQL_URL) return new SqlServerReportDatabase(env.MSSQL_URL, env.WAREHOUSE_SCHEMA);
  return new PostgresReportDatabase(env.DATABASE_URL, env.WAREHOUSE_SCHEMA);
}
