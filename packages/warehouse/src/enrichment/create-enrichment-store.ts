import type { WarehouseEnv } from '../create-warehouse.ts';
import type { EnrichmentStore } from './enrichment-store.ts';
import { PostgresEnrichmentStore } from './postgres-enrichment-store.ts';
import { SqlServerEnrichmentStore } from './sqlserver-enrichment-store.ts';

/** The enrichment store of the warehouse the environment names (as createWarehouse chooses it). */
export function createEnrichmentStore(
  env: Pick<WarehouseEnv, 'MSSQL_URL' | 'DATABASE_URL' | 'WAREHOUSE_SCHEMA'>,
): EnrichmentStore {
  if (env.MSSQL_URL)
    return new SqlServerEnrichmentStore({ url: env.MSSQL_URL, schema: env.WAREHOUSE_SCHEMA });
  return new PostgresEnrichmentStore({ connectionString: env.DATABASE_URL, schema: env.WAREHOUSE_SCHEMA });
}
