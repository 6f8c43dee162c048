import { createLogger, runMain } from '@spotify-pipeline/runtime';
import { loadPollerConfig } from './config.ts';
import { startPoller } from './start.ts';

const logger = createLogger('poller', process.env.LOG_LEVEL ?? 'info');
await runMain('poller', logger, async () => startPoller(loadPollerConfig(), { logger }));
