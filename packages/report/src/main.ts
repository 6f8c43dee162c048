import { Closer, createLogger, loadConfigOrExit, runMain } from '@spotify-pipeline/runtime';
import { loadReportConfig } from './config.ts';
import { createReportDatabase } from './create-report-database.ts';
import { startReportServer } from './server.ts';

const config = loadConfigOrExit('report', () => loadReportConfig());
const logger = createLogger('report', config.LOG_LEVEL);

await runMain('report', logger, async () => {
  const closer = new Closer(logger);
  const db = createReportDatabase(config);
  closer.add('warehouse', () => db.close());
  try {
    const server = await startReportServer({ db, host: config.HTTP_HOST, port: config.HTTP_PORT, logger });
    closer.add('http', () => server.close());
    logger.info({ url: server.url }, `listening report at ${server.url}/`);
    return { stop: () => closer.close() };
  } catch (error) {
    await closer.close();
    throw error;
  }
});
