import { createLogger, loadConfigOrExit, waitUntil } from '@spotify-pipeline/runtime';
import { loadSimLinkConfig } from './config.ts';
import { linkListeners } from './link-listeners.ts';

/**
 * Compose's demo profile runs this once the poller is healthy: every simulated listener links
 * itself through the poller's real flow, as `npm start` does in its demo. Running it again relinks
 * them, which changes nothing.
 */
const config = loadConfigOrExit('sim-link', () => loadSimLinkConfig());
const logger = createLogger('sim-link', config.LOG_LEVEL);
const pollerUrl = config.SIM_LINK_POLLER_URL;
try {
  await waitUntil(
    async () => (await fetch(new URL('/readyz', pollerUrl)).catch(() => undefined))?.ok === true,
    {
      what: `the poller ready at ${pollerUrl}/readyz`,
      timeoutMs: config.SIM_LINK_WAIT_MS,
      intervalMs: 1_000,
    },
  );
  const ids = await linkListeners(pollerUrl, (id) =>
    logger.info({ account: id }, 'linked simulated listener'),
  );
  logger.info({ listeners: ids.length }, `linked ${ids.length} simulated listeners`);
} catch (error) {
  logger.error({ err: error }, `could not link the simulated listeners through ${pollerUrl}`);
  process.exitCode = 1;
}
