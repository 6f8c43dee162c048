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
      },
      (error: unknown) => {
        logger.error({ err: error }, `${name} failed to stop cleanly`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
