import { createLogger, parseEnv, serviceEnv, warehouseEnv } from '@spotify-pipeline/runtime';
import { createWarehouse } from './create-warehouse.ts';

/**
 * `npm run migrate`: applies the pending migrations of the configured warehouse and exits non-zero
 * when one fails or an applied file was edited. Safe to run any number of times, also concurrently.
 */
const env = parseEnv({ ...warehouseEnv, LOG_LEVEL: serviceEnv.LOG_LEVEL });
const logger = createLogger('migrate', env.LOG_LEVEL);
const warehouse = createWarehouse(env);
try {
  const report = await warehouse.migrate();
  logger.info(
    {
      dialect: report.dialect,
      schema: report.schema,
      applied: report.applied.map((m) => `${m.version}_${m.name}`),
      skipped: report.skipped.map((m) => `${m.version}_${m.name}`),
    },
    report.applied.length > 0
      ? `applied ${report.applied.length} migration(s)`
      : 'warehouse schema is up to date',
  );
} catch (error) {
  logger.fatal({ err: error }, 'migration failed');
  process.exitCode = 1;
} finally {
  await warehouse.close();
}
