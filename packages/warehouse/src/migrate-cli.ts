import {
  assertReachable,
  createLogger,
  parseCommandArgs,
  parseEnv,
  runCommand,
  serviceEnv,
  UsageError,
  warehouseDependency,
  warehouseEnv,
} from '@spotify-pipeline/runtime';
import { createWarehouse } from './create-warehouse.ts';

const USAGE = 'usage: spotify-pipeline migrate    apply the pending warehouse migrations (idempotent)';

/**
 * `spotify-pipeline migrate`: applies the pending migrations of the configured warehouse and exits
 * non-zero when one fails or an applied file was edited. Safe to run any number of times, also
 * concurrently.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`migrate takes no argument '${positionals[0]}'`);
  const env = parseEnv({ ...warehouseEnv, LOG_LEVEL: serviceEnv.LOG_LEVEL });
  await assertReachable([warehouseDependency(env)]);
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
    return 0;
  } catch (error) {
    logger.fatal({ err: error }, 'migration failed');
    return 1;
  } finally {
    await warehouse.close();
  }
}

await runCommand('spotify-pipeline migrate', USAGE, main);
