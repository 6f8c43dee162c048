/**
 * PostgreSQL COPY text format (https://www.postgresql.org/docs/current/sql-copy.html): columns split
 * by tabs, rows by newlines, NULL as \N, and backslash, tab, newline and carriage return escaped.
 * Most values need no escaping, so a test precedes the replace to keep the common path cheap.
 */
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPABLE = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeChar = (c: string) => ESCAPES[c]!;

export const NULL = '\\N';

export function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return NULL;
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPABLE, escapeChar) : value;
}

export function copyNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? NULL : String(value);
}

export function copyBoolean(value: boolean | null | undefined): string {
  return value === null || value === undefined ? NULL : value ? 't' : 'f';
}

/** ISO 8601 in UTC with milliseconds, which timestamptz(3) reads back exactly. */
export function copyTimestamp(value: Date): string {
  return value.toISOString();
}
