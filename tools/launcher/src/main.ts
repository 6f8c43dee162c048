import { createLogger, loadConfigOrExit, runMain } from '@spotify-pipeline/runtime';
import { checkPorts, PortInUseError, plannedPorts } from './check-ports.ts';
import { launcherEnvironment, loadLauncherConfig } from './config.ts';
import { startPipeline } from './start.ts';

const config = loadConfigOrExit('pipeline', () => loadLauncherConfig());
const logger = createLogger('launcher', config.LOG_LEVEL);
try {
  await checkPorts(plannedPorts(config));
} catch (error) {
  if (!(error instanceof PortInUseError)) throw error;
  process.stderr.write(`npm start: ${error.message.split('\n').join('\nnpm start: ')}\n`);
  process.exit(1);
}
// `--check-ports`: what scripts/start.sh runs before it starts the stack, so nothing has started yet.
if (process.argv.includes('--check-ports')) process.exit(0);
await runMain('pipeline', logger, () => startPipeline(config, logger, launcherEnvironment()), {
  stopTimeoutMs: 60_000,
});
