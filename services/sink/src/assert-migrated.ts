import type { Warehouse } from '@spotify-pipeline/warehouse';
import { WarehouseNotMigratedError } from './errors/index.ts';

/**
 * The sink never migrates (a separate, deliberate `npm run migrate` does); it refuses to start on
 * a warehouse that is not migrated, with an error that says what to run, instead of failing its
 * first batch with "relation does not exist". A warehouse that is not reachable fails here too.
 */
export async function assertMigrated(warehouse: Warehouse): Promise<void> {
  await warehouse.ping();
  const pending = await warehouse.pendingMigrations();
  if (pending.length > 0) {
    throw new WarehouseNotMigratedError(
      warehouse.schema,
      pending.map((m) => `${m.version}_${m.name}`),
    );
  }
}
