export { type PreparedBatch, prepareBatch } from './batch/prepare-batch.ts';
export { createWarehouse, type WarehouseEnv, type WarehouseHooks } from './create-warehouse.ts';
export * from './enrichment/index.ts';
export { InvalidRecordError, MigrationChecksumError, MigrationFileError } from './errors.ts';
export * from './migrate.ts';
export { sqlServerConfig } from './mssql/connection-config.ts';
export { SqlServerWarehouse, type SqlServerWarehouseOptions } from './mssql/sqlserver-warehouse.ts';
export { PostgresWarehouse, type PostgresWarehouseOptions } from './postgres/postgres-warehouse.ts';
export type { AccountRecord, AlbumRecord, ArtistRecord, PlayFact, TrackRecord } from './rows.ts';
export type {
  Dialect,
  MigrationRef,
  MigrationReport,
  UpsertCount,
  Warehouse,
  WarehouseBatch,
  WriteReport,
} from './warehouse.ts';
