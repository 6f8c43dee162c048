// A poller that kills itself with SIGKILL at a chosen point of its first publishing poll, for the
// crash test: CRASH_AT=before-commit (plays sent in the open transaction) or after-commit (plays and
// cursor committed, Redis cursor cache not yet written). Configured by the same environment as main.ts.
import { createLogger } from '@spotify-pipeline/runtime';
import { CRASH_AT } from '@spotify-pipeline/test-support';
import { loadPollerConfig } from '../config.ts';
import { startPoller } from '../start.ts';

const crashAt = CRASH_AT;
const die = () => {
  process.kill(process.pid, 'SIGKILL');
  return new Promise<void>(() => {});
};
await startPoller(loadPollerConfig(), {
  logger: createLogger('crashing-poller', 'warn'),
  hooks: {
    beforeCommit: crashAt === 'before-commit' ? die : undefined,
    afterCommit: crashAt === 'after-commit' ? die : undefined,
  },
});
