export type LogFormat = 'json' | 'pretty';

/**
 * LOG_FORMAT=json|pretty; unset, a terminal gets pretty lines and anything else (a pipe, a file, a
 * container's log driver) gets JSON, one object a line.
 */
export function logFormat(
  env: NodeJS.ProcessEnv = process.env,
  isTTY = process.stdout.isTTY === true,
): LogFormat {
  const chosen = env.LOG_FORMAT?.trim().toLowerCase();
  if (chosen === 'json' || chosen === 'pretty') return chosen;
  return isTTY ? 'pretty' : 'json';
}

/** LOG_LEVEL=debug or trace: a command's failure shows its stack trace, for a bug report. */
export function debugLogging(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace';
}
