export { BatchAbandonedError } from './batch-abandoned-error.ts';
export { WarehouseNotMigratedError } from './warehouse-not-migrated-error.ts';
export { WarehouseRefusedError } from './warehouse-refused-error.ts';
