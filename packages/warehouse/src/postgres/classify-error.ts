import { NonRetriableError, PipelineError, RetriableError } from '@spotify-pipeline/runtime';

/** SQLSTATEs after which the same work can succeed: the transaction lost a race or the server blinked. */
const RETRIABLE_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
]);

const RETRIABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Wraps a `pg` failure in the project's typed errors. Connection-level failures (SQLSTATE class 08,
 * socket errors, a connection the server ended), deadlocks and serialization failures are retriable;
 * constraint, data and syntax errors (classes 22, 23, 42) are not.
 */
export function classifyPostgresError(error: unknown, doing: string): PipelineError {
  if (error instanceof PipelineError) return error;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = `${doing} failed: ${typeof message === 'string' ? message : String(error)}`;
  if (typeof code === 'string') {
    if (RETRIABLE_SQLSTATES.has(code) || code.startsWith('08') || RETRIABLE_NODE_CODES.has(code)) {
      return new RetriableError(text, { cause: error });
    }
    return new NonRetriableError(`${text} (SQLSTATE ${code})`, { cause: error });
  }
  if (
    typeof message === 'string' &&
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      message,
    )
  ) {
    return new RetriableError(text, { cause: error });
  }
  return new NonRetriableError(text, { cause: error });
}
