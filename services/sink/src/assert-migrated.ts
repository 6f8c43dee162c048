import type { Warehouse } from '@spotify-pipeline/warehouse';
import { WarehouseNotMigratedError } from './errors/index.ts';

/** What a warehouse may offer beyond the contract to say whether its schema is in place. */
interface MigrationAware {
  isMigrated?: () => Promise<boolean>;
}

/**
 * The sink never migrates (a separate, deliberate `npm run migrate` does); it refuses to start on
 * a warehouse that is not migrated, with an error that says what to run, instead of failing its
 * first batch with "relation does not exist". A warehouse that is not reachable fails here too.
 */
export async function assertMigrated(warehouse: Warehouse): Promise<void> {
  await warehouse.ping();
  const check = (warehouse as Warehouse & MigrationAware).isMigrated;
  if (typeof check !== 'function') return;
  if (!(await check.call(warehouse))) throw new WarehouseNotMigratedError(warehouse.schema);
}
