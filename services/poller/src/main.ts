import { createLogger, loadConfigOrExit, runMain } from '@spotify-pipeline/runtime';
import { loadPollerConfig } from './config.ts';
import { startPoller } from './start.ts';

const config = loadConfigOrExit('poller', () => loadPollerConfig());
const logger = createLogger('poller', config.LOG_LEVEL);
await runMain('poller', logger, async () => startPoller(config, { logger }));
