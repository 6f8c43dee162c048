import { createLogger, loadConfigOrExit, runMain } from '@spotify-pipeline/runtime';
import { loadSinkConfig } from './config.ts';
import { SINK_SERVICE_NAME } from './sink.ts';
import { startSink } from './start.ts';

const config = loadConfigOrExit(SINK_SERVICE_NAME, () => loadSinkConfig());
const logger = createLogger(SINK_SERVICE_NAME, config.LOG_LEVEL);
await runMain(SINK_SERVICE_NAME, logger, () => startSink(config, { logger }), {
  // The batch in hand may retry for SINK_STOP_GRACE_MS before it is abandoned; then disconnects.
  stopTimeoutMs: config.SINK_STOP_GRACE_MS + 20_000,
});
