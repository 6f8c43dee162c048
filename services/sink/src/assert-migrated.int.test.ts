import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEnv, warehouseEnv } from '@spotify-pipeline/runtime';
import { uniqueName } from '@spotify-pipeline/test-support';
import { PostgresWarehouse } from '@spotify-pipeline/warehouse';
import { assertMigrated } from './assert-migrated.ts';
import { WarehouseNotMigratedError } from './errors/index.ts';

const { DATABASE_URL } = parseEnv(warehouseEnv);

test('the sink refuses an unmigrated warehouse, naming what to run, and accepts it once migrated', async () => {
  const warehouse = new PostgresWarehouse({
    connectionString: DATABASE_URL,
    schema: uniqueName('sink_mig'),
  });
  try {
    await assert.rejects(assertMigrated(warehouse), (error: unknown) => {
      assert.ok(error instanceof WarehouseNotMigratedError);
      assert.match(error.message, /run npm run migrate/);
      assert.ok(error.pending.length > 0);
      return true;
    });
    await warehouse.migrate();
    await assertMigrated(warehouse);
  } finally {
    await warehouse.dropSchema();
    await warehouse.close();
  }
});
