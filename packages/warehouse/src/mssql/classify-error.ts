import { NonRetriableError, PipelineError, RetriableError } from '@spotify-pipeline/runtime';

/**
 * SQL Server error numbers after which the same work can succeed: deadlock victim (1205), lock
 * request timeout (1222), and the transient errors Azure SQL documents for failovers and throttling.
 */
const RETRIABLE_NUMBERS = new Set([
  1205, 1222, 4060, 4221, 40197, 40501, 40613, 49918, 49919, 49920, 10928, 10929,
]);

/** mssql's codes for a connection that failed, closed or timed out. */
const RETRIABLE_CODES = new Set([
  'ESOCKET',
  'ECONNCLOSED',
  'ETIMEOUT',
  'ENOTOPEN',
  'ECONNRESET',
  'ECONNREFUSED',
]);

/**
 * Wraps an `mssql` failure in the project's typed errors: connection failures, deadlocks and lock
 * timeouts are retriable; constraint (547, 2601, 2627), truncation (2628, 8152), conversion and
 * syntax errors are not.
 */
export function classifySqlServerError(error: unknown, doing: string): PipelineError {
  if (error instanceof PipelineError) return error;
  const { number, code, message, originalError } = (error ?? {}) as {
    number?: unknown;
    code?: unknown;
    message?: unknown;
    originalError?: { number?: unknown };
  };
  const errorNumber = typeof number === 'number' ? number : originalError?.number;
  const text = `${doing} failed: ${typeof message === 'string' ? message : String(error)}`;
  if (typeof errorNumber === 'number' && RETRIABLE_NUMBERS.has(errorNumber)) {
    return new RetriableError(`${text} (error ${errorNumber})`, { cause: error });
  }
  if (typeof code === 'string' && RETRIABLE_CODES.has(code))
    return new RetriableError(text, { cause: error });
  return new NonRetriableError(typeof errorNumber === 'number' ? `${text} (error ${errorNumber})` : text, {
    cause: error,
  });
}
