import { type Logger, type LoggerOptions, pino } from 'pino';

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

/**
 * One JSON object a line on stdout (or `fd`: a command whose stdout is its result logs to 2), with
 * the service's name on every line.
 */
export function createLogger(
  service: string,
  level = 'info',
  options: LoggerOptions = {},
  fd: 1 | 2 = 1,
): Logger {
  const config: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    ...options,
  };
  return fd === 1 ? pino(config) : pino(config, pino.destination({ fd, sync: true }));
}
