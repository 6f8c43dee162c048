import type { Logger } from '../logger.ts';

export interface StoppableHandle {
  stop(): Promise<void>;
}

/**
 * The entry point of every service's `main.ts`: starts it, stops it gracefully on SIGTERM or
 * SIGINT, and exits non-zero when start-up fails. A second signal while stopping exits at once,
 * which is what a person pressing Ctrl-C twice expects.
 */
export async function runMain(
  name: string,
  logger: Logger,
  start: () => Promise<StoppableHandle>,
  { stopTimeoutMs = 30_000 }: { stopTimeoutMs?: number } = {},
): Promise<void> {
  let handle: StoppableHandle;
  try {
    handle = await start();
  } catch (error) {
    logger.fatal({ err: error }, `${name} failed to start`);
    process.exitCode = 1;
    // The logger writes asynchronously; give it a moment before the process ends.
    setTimeout(() => process.exit(1), 100).unref();
    return;
  }
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, `${name}: second signal, exiting without waiting`);
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, `${name} stopping`);
    const timer = setTimeout(() => {
      logger.error({ stopTimeoutMs }, `${name} did not stop in time; exiting`);
      process.exit(1);
    }, stopTimeoutMs);
    timer.unref();
    handle.stop().then(
      () => {
        logger.info(`${name} stopped`);
        clearTimeout(timer);
        process.exitCode = 0;
        exitEvenIfKeptAlive(name, logger, 0);
      },
      (error: unknown) => {
        logger.error({ err: error }, `${name} failed to stop cleanly`);
        process.exitCode = 1;
        exitEvenIfKeptAlive(name, logger, 1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** How long a stopped service may take to end by itself before it is ended. */
const EXIT_GRACE_MS = 2_000;

/**
 * A stopped service ends when its event loop has nothing left, which a client that left a socket
 * or a reconnect timer open prevents for ever: sinks SIGTERMed after a broker failover stopped and
 * then never exited, and whatever waited for them (a supervisor, a chaos run) waited with them. The
 * timer is unref'd, so a clean stop still ends at once; otherwise the process ends after a moment,
 * and the log names what was still open, for whoever looks for the leak.
 */
function exitEvenIfKeptAlive(name: string, logger: Logger, code: number): void {
  setTimeout(() => {
    logger.warn(
      { open: process.getActiveResourcesInfo() },
      `${name} stopped but something kept it alive; exiting`,
    );
    setTimeout(() => process.exit(code), 100).unref();
  }, EXIT_GRACE_MS).unref();
}
