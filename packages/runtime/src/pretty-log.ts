/**
 * One JSON log line as a person reads it on a terminal:
 *
 *   12:03:04.567 INFO  sink      wrote batch  plays=500 partition=3
 *
 * The JSON stays the format of record (piped output, LOG_FORMAT=json, every deployment); this is
 * only what a terminal shows. An error shows its message and its cause's, its stack only at debug.
 */

const LEVEL_COLOUR: Record<string, string> = {
  trace: '90',
  debug: '90',
  info: '32',
  warn: '33',
  error: '31',
  fatal: '35',
};

/** Fields every line has, shown in the line's head rather than among the key=value pairs. */
const HEAD = new Set(['level', 'time', 'service', 'msg', 'pid', 'hostname']);

function scalar(value: unknown): string {
  if (typeof value === 'string') return /[\s="]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

function errorText(err: Record<string, unknown>, showStack: boolean): string {
  const parts = [`${err.type ?? 'Error'}: ${err.message ?? ''}`];
  let cause = err.cause as Record<string, unknown> | undefined;
  for (let depth = 0; cause && typeof cause === 'object' && depth < 5; depth += 1) {
    parts.push(`caused by ${cause.type ?? 'Error'}: ${cause.message ?? ''}`);
    cause = cause.cause as Record<string, unknown> | undefined;
  }
  const text = parts.join('; ');
  if (showStack && typeof err.stack === 'string') {
    const frames = err.stack.split('\n').filter((l) => l.trimStart().startsWith('at '));
    return `${text}\n${frames.map((f) => `      ${f.trim()}`).join('\n')}`;
  }
  return text;
}

export interface PrettyOptions {
  readonly colour: boolean;
  /** Show an error's stack frames (when the logger's level is debug or trace). */
  readonly stacks: boolean;
}

export function prettyLine(json: string, options: PrettyOptions): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const level = String(entry.level ?? 'info');
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const paint = (code: string | undefined, text: string) =>
    options.colour && code ? `\u001b[${code}m${text}\u001b[0m` : text;
  const head = [
    paint('90', time),
    paint(LEVEL_COLOUR[level], level.toUpperCase().padEnd(5)),
    paint('36', String(entry.service ?? '').padEnd(10)),
    String(entry.msg ?? ''),
  ].join(' ');
  const fields: string[] = [];
  let error = '';
  for (const [key, value] of Object.entries(entry)) {
    if (HEAD.has(key) || value === undefined) continue;
    if ((key === 'err' || key === 'error') && value && typeof value === 'object') {
      error = errorText(value as Record<string, unknown>, options.stacks);
      continue;
    }
    fields.push(`${paint('90', `${key}=`)}${scalar(value)}`);
  }
  const tail = fields.length > 0 ? `  ${fields.join(' ')}` : '';
  return `${head}${tail}${error ? `\n    ${paint(LEVEL_COLOUR[level], error)}` : ''}\n`;
}

export { type LogFormat, logFormat } from './config/log-env.ts';
