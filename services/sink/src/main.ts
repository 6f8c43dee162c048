import { setFlagsFromString } from 'node:v8';
import { createLogger, loadConfigOrExit, runMain } from '@spotify-pipeline/runtime';
import { loadSinkConfig } from './config.ts';
import { SINK_SERVICE_NAME } from './sink.ts';
import { startSink } from './start.ts';

// The sink's live set is bounded (one fetch, fetch-budget.ts), but V8 sizes its heap for a machine
// with much memory: the old generation may grow to ~4x its live size before a full collection,
// and the young one to 128 MB while a batch's records survive its scavenges. Under a backlog that
// made a 425 MB RSS of ~120 MB of live objects (8 MB fetches; 600-730 MB with the 32 MiB fetches
// before). A 30% step between full collections and a young generation that does not grow keep the
// heap near the live set: 301-324 MB with 8 MB fetches, ~386 MB with 16 MB (the default); the
// sink process used 26-38 CPU s for 1M facts against 22-31 s (a loaded machine: not exact).
// Process-wide, so set here and not in startSink, which tests and the bench run in-process.
setFlagsFromString('--heap-growing-percent=30');
setFlagsFromString('--semi-space-growth-factor=1');

const config = loadConfigOrExit(SINK_SERVICE_NAME, () => loadSinkConfig());
const logger = createLogger(SINK_SERVICE_NAME, config.LOG_LEVEL);
await runMain(SINK_SERVICE_NAME, logger, () => startSink(config, { logger }), {
  // The batch in hand may retry for SINK_STOP_GRACE_MS before it is abandoned; then disconnects.
  stopTimeoutMs: config.SINK_STOP_GRACE_MS + 20_000,
});
