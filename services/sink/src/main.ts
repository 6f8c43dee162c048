import { setFlagsFromString } from 'node:v8';
import { createLogger, loadConfigOrExit, runMain } from '@spotify-pipeline/runtime';
import { loadSinkConfig } from './config.ts';
import { SINK_SERVICE_NAME } from './sink.ts';
import { startSink } from './start.ts';

// The sink's live set is bounded (one fetch, fetch-budget.ts), but V8 sizes its heap for a machine
// with much memory: the old generation may grow to ~4x its live size before a full collection,
// and the young one grows to 128 MB while a batch's records survive its scavenges. Under a backlog
// that made ~120 MB of live objects a 270 MB heap and a 425 MB RSS (8 MB fetches; 600-730 MB with
// the 32 MiB fetches before). A 30% step between full collections and a slower-growing young
// generation keep the heap near the live set: 316 MB RSS, the same CPU time (bench's sink process,
// 1M facts). Process-wide, so set here and not in startSink, which tests and the bench run in-process.
setFlagsFromString('--heap-growing-percent=30');
setFlagsFromString('--semi-space-growth-factor=1.3');

const config = loadConfigOrExit(SINK_SERVICE_NAME, () => loadSinkConfig());
const logger = createLogger(SINK_SERVICE_NAME, config.LOG_LEVEL);
await runMain(SINK_SERVICE_NAME, logger, () => startSink(config, { logger }), {
  // The batch in hand may retry for SINK_STOP_GRACE_MS before it is abandoned; then disconnects.
  stopTimeoutMs: config.SINK_STOP_GRACE_MS + 20_000,
});
