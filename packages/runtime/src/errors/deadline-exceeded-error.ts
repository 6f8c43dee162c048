import { RetriableError } from './pipeline-error.ts';

/**
 * A condition polled with a deadline did not come true in time. Retriable: the thing awaited may
 * just be slow (a broker waiting out its old session); the caller decides whether to wait again.
 * `cause` is the last error the check threw, if any, so the reason it never came true is kept.
 */
export class DeadlineExceededError extends RetriableError {
  readonly timeoutMs: number;

  constructor(what: string, timeoutMs: number, options: { cause?: unknown } = {}) {
    super(`${what} did not happen within ${timeoutMs} ms`, options);
    this.timeoutMs = timeoutMs;
  }
}
