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

/** One JSON object a line on stdout, with the service's name on every line. */
export function createLogger(service: string, level = 'info', options: LoggerOptions = {}): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    ...options,
  });
}
