import { createLogger, loadConfigOrExit, runMain } from '@spotify-pipeline/runtime';
import { loadNormalizerConfig } from './config.ts';
import { startNormalizer } from './start.ts';

const config = loadConfigOrExit('normalizer', () => loadNormalizerConfig());
const logger = createLogger('normalizer', config.LOG_LEVEL);
await runMain('normalizer', logger, () => startNormalizer(config, { logger }));
