import { createLogger, loadConfigOrExit, runMain } from '@spotify-pipeline/runtime';
import { loadLauncherConfig } from './config.ts';
import { startPipeline } from './start.ts';

const config = loadConfigOrExit('pipeline', () => loadLauncherConfig());
const logger = createLogger('launcher', config.LOG_LEVEL);
await runMain('pipeline', logger, () => startPipeline(config, logger), { stopTimeoutMs: 60_000 });
