import { NonRetriableError } from '@spotify-pipeline/runtime';

/** PostgreSQL SQLSTATE classes about the data itself: 22 data exception, 23 integrity violation. */
const POSTGRES_RECORD_CLASSES = /^2[23]/;

/** SQL Server error numbers about a row's content (null, FK, duplicate, truncation, conversion, dates). */
const MSSQL_RECORD_NUMBERS = new Set([241, 242, 245, 515, 547, 2601, 2627, 2628, 8114, 8115, 8152]);

/**
 * Whether the warehouse refused a write because of what some record holds (a poison row, which
 * bisecting isolates and dead-letters) rather than because of the warehouse itself (a missing
 * table, a revoked grant), where every row would be refused and dead-lettering them all would
 * empty the topic into the DLQ. The latter is treated like an outage: pause and retry.
 */
export function isRecordRejection(error: unknown): boolean {
  if (!(error instanceof NonRetriableError)) return false;
  // The warehouse's own validation (InvalidRecordError) names the record it refused.
  if (error.name === 'InvalidRecordError') return true;
  const cause = error.cause as { code?: unknown; number?: unknown } | undefined;
  if (typeof cause?.code === 'string' && POSTGRES_RECORD_CLASSES.test(cause.code)) return true;
  if (typeof cause?.number === 'number' && MSSQL_RECORD_NUMBERS.has(cause.number)) return true;
  return false;
}
