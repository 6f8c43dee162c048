import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { logFormat, prettyLine } from './pretty-log.ts';

export type { Logger };

/**
 * Paths of fields that may hold a secret. Code must not log secrets in the first place; this is the
 * second line of defence for an object logged whole by mistake.
 */
const REDACT = [
  '*.access_token',
  '*.refresh_token',
  '*.accessToken',
  '*.refreshToken',
  '*.code',
  '*.code_verifier',
  '*.client_secret',
  '*.password',
  '*.authorization',
  '*.Authorization',
  'req.headers.authorization',
];

/** Pretty lines on `stream`, written synchronously like pino's own destination. */
function prettyDestination(level: string, stream: NodeJS.WriteStream): DestinationStream {
  const options = { colour: stream.isTTY === true, stacks: level === 'debug' || level === 'trace' };
  return { write: (line: string) => stream.write(prettyLine(line, options)) };
}

/**
 * One JSON object a line on stdout (or `fd`: a command whose stdout is its result logs to 2), with
 * the service's name on every line; on a terminal (or with LOG_FORMAT=pretty) the same lines made
 * readable, see pretty-log.ts.
 */
export function createLogger(
  service: string,
  level = 'info',
  options: LoggerOptions = {},
  fd: 1 | 2 = 1,
): Logger {
  const settings: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    ...options,
  };
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (logFormat(undefined, stream.isTTY === true) === 'pretty')
    return pino(settings, prettyDestination(level, stream));
  return fd === 1 ? pino(settings) : pino(settings, pino.destination({ fd, sync: true }));
}
