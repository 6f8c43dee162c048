import { ConfigError } from '../errors/config-error.ts';

/** sysexits.h EX_CONFIG: the configuration is wrong, not the program. */
export const EXIT_CONFIG = 78;

/**
 * Parses a program's configuration at start-up. A wrong or missing variable is a person's mistake,
 * not a crash: it is reported on stderr as one line per variable (never its value) and the process
 * exits with EXIT_CONFIG, instead of dying on an uncaught error with a stack trace. Anything other
 * than a ConfigError is a bug and is thrown as it is.
 */
export function loadConfigOrExit<T>(program: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${formatConfigError(program, error)}\n`);
    process.exit(EXIT_CONFIG);
  }
}

export function formatConfigError(program: string, error: ConfigError): string {
  return [
    `${program}: invalid configuration`,
    ...error.problems.map((p) => `  ${p.variable}: ${p.problem}`),
  ].join('\n');
}
