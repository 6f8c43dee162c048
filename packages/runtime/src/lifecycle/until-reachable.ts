import { PipelineError } from '../errors/index.ts';
import type { Logger } from '../logger.ts';
import { retry } from '../retry.ts';

/**
 * At start-up, any failure but one of ours that says retrying cannot help (a warehouse not
 * migrated, a topic of the wrong shape) is a dependency not reachable yet: kafkajs's connection
 * errors, a refused or reset socket, a database starting up.
 */
export function isStartupTransient(error: unknown): boolean {
  return !(error instanceof PipelineError) || error.retriable;
}

/**
 * Runs a start-up step until its dependency answers, with backoff and a warning per failure, so a
 * service started before its broker or database waits for them (serving /healthz meanwhile)
 * instead of exiting. Failures that need a person end the wait at once.
 */
export function untilReachable<T>(
  dependency: string,
  step: () => Promise<T>,
  { logger, signal, maxDelayMs = 5_000 }: { logger: Logger; signal?: AbortSignal; maxDelayMs?: number },
): Promise<T> {
  return retry(step, {
    attempts: Number.POSITIVE_INFINITY,
    initialDelayMs: 250,
    maxDelayMs,
    shouldRetry: isStartupTransient,
    onRetry: (error, attempt, delayMs) =>
      logger.warn({ err: error, dependency, attempt, delayMs }, `${dependency} not reachable yet; waiting`),
    ...(signal ? { signal } : {}),
  });
}
