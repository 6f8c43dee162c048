import { createLogger, parseEnv, serviceEnv, warehouseEnv } from '@spotify-pipeline/runtime';
import { createWarehouse } from '@spotify-pipeline/warehouse';

/**
 * `npm run migrate`: brings the warehouse schema up to date. A command of its own, run once per
 * deployment before the sinks start, so that several sink instances never race to alter tables.
 */
const config = parseEnv({ ...warehouseEnv, LOG_LEVEL: serviceEnv.LOG_LEVEL });
const logger = createLogger('migrate', config.LOG_LEVEL);
const warehouse = createWarehouse(config);
try {
  const report = await warehouse.migrate();
  logger.info(
    {
      dialect: report.dialect,
      schema: report.schema,
      applied: report.applied.map((m) => m.name),
      skipped: report.skipped.length,
    },
    report.applied.length > 0 ? 'warehouse migrated' : 'warehouse already up to date',
  );
} catch (error) {
  logger.fatal({ err: error }, 'migration failed');
  process.exitCode = 1;
} finally {
  await warehouse.close();
}
