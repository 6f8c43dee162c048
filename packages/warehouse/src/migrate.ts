/** The migration helpers, for tools and tests that run migrations without a Warehouse. */
export {
  assertSchemaName,
  checksumOf,
  loadMigrations,
  type MigrationFile,
  migrationsDirectory,
  renderMigration,
  splitBatches,
} from './migrations/migration-files.ts';
export { migrateSqlServer } from './migrations/mssql-migrator.ts';
export { migratePostgres } from './migrations/postgres-migrator.ts';
