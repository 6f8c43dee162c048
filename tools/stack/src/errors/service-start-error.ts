import { NonRetriableError } from '@spotify-pipeline/runtime';

/**
 * A service of the stack did not come up (or down). `logTail` holds the last lines of its log, which
 * nearly always say why, so the person reading the error does not have to go looking.
 */
export class ServiceStartError extends NonRetriableError {
  readonly service: string;
  readonly logTail: readonly string[];

  constructor(
    service: string,
    message: string,
    options: { cause?: unknown; logTail?: readonly string[] } = {},
  ) {
    super(`${service}: ${message}`, options.cause === undefined ? {} : { cause: options.cause });
    this.service = service;
    this.logTail = options.logTail ?? [];
  }
}
