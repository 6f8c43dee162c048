export { BatchAbandonedError } from './batch-abandoned-error.ts';
export { WarehouseNotMigratedError } from './warehouse-not-migrated-error.ts';
