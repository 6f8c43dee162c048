export { createEnrichmentStore } from './create-enrichment-store.ts';
export { mssqlEnrichmentStatements, postgresEnrichmentStatements } from './enrichment-statements.ts';
export type { EnrichmentProgress, EnrichmentStore, NameToSearch } from './enrichment-store.ts';
export { PostgresEnrichmentStore, type PostgresEnrichmentStoreOptions } from './postgres-enrichment-store.ts';
export {
  SqlServerEnrichmentStore,
  type SqlServerEnrichmentStoreOptions,
} from './sqlserver-enrichment-store.ts';
