import { type EnvOf, parseEnv, warehouseEnv } from '@spotify-pipeline/runtime';
import { SqlServerWarehouse } from './mssql/sqlserver-warehouse.ts';
import { PostgresWarehouse } from './postgres/postgres-warehouse.ts';
import type { Warehouse } from './warehouse.ts';

export type WarehouseEnv = EnvOf<typeof warehouseEnv>;

/**
 * The warehouse the environment names: SQL Server when MSSQL_URL is set, otherwise PostgreSQL at
 * DATABASE_URL; tables live in WAREHOUSE_SCHEMA. Accepts an already parsed env (a service's
 * config.ts spreads `warehouseEnv` into its own shape) or reads process.env.
 */
export interface WarehouseHooks {
  /** What the database shows for these connections (PostgreSQL's application_name). */
  readonly applicationName?: string;
  /** Told of a connection the server ended outside a query (restart, pg_terminate_backend). */
  readonly onConnectionError?: (error: Error) => void;
}

export function createWarehouse(
  env: WarehouseEnv = parseEnv(warehouseEnv),
  hooks: WarehouseHooks = {},
): Warehouse {
  const listenMatchToleranceMs = env.LISTEN_MATCH_TOLERANCE_MS;
  if (env.MSSQL_URL) {
    return new SqlServerWarehouse({
      url: env.MSSQL_URL,
      schema: env.WAREHOUSE_SCHEMA,
      listenMatchToleranceMs,
    });
  }
  return new PostgresWarehouse({
    connectionString: env.DATABASE_URL,
    schema: env.WAREHOUSE_SCHEMA,
    listenMatchToleranceMs,
    ...hooks,
  });
}
