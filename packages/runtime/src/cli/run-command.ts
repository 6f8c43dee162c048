import { debugLogging } from '../config/log-env.ts';
import { ConfigError } from '../errors/config-error.ts';
import { EXIT_CONFIG, formatConfigError } from '../lifecycle/load-config-or-exit.ts';
import { UnreachableError } from './reachable.ts';
import { UsageError } from './usage-error.ts';

/** sysexits.h: the command was used wrongly (also what shells use for a misused builtin). */
export const EXIT_USAGE = 2;
/** sysexits.h EX_UNAVAILABLE: a server the command needs is not running. */
export const EXIT_UNAVAILABLE = 69;

export interface CommandOutcome {
  readonly code: number;
  /** What goes to stderr; empty when the command succeeded. */
  readonly message: string;
}

/**
 * How an error ends a command of `spotify-pipeline`: the person reads one line that says what is
 * wrong (plus the usage when they typed the command wrong), never a stack trace; the stack is
 * there with LOG_LEVEL=debug, for a bug report.
 */
export function describeFailure(
  program: string,
  usage: string,
  error: unknown,
  debug = false,
): CommandOutcome {
  if (error instanceof UsageError)
    return { code: EXIT_USAGE, message: `${program}: ${error.message}\n\n${usage}` };
  if (error instanceof ConfigError) {
    const hint =
      '  (`npm start` records its settings for spotify-pipeline; or set the variables: README, Configuration)';
    return { code: EXIT_CONFIG, message: `${formatConfigError(program, error)}\n${hint}` };
  }
  if (error instanceof UnreachableError)
    return { code: EXIT_UNAVAILABLE, message: `${program}: ${error.message}` };
  const lines = [`${program}: ${error instanceof Error ? error.message : String(error)}`];
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause !== undefined)
    lines.push(`  caused by: ${cause instanceof Error ? cause.message : String(cause)}`);
  if (debug && error instanceof Error && error.stack) lines.push(error.stack);
  else lines.push('  (LOG_LEVEL=debug shows the stack trace)');
  return { code: 1, message: lines.join('\n') };
}

/**
 * Runs a command's main and exits with its code; a thrown error is reported by describeFailure.
 * Exits explicitly: a client left open by a failed command must not keep the process alive.
 */
export async function runCommand(
  program: string,
  usage: string,
  main: () => Promise<number>,
): Promise<never> {
  let code: number;
  try {
    code = await main();
  } catch (error) {
    const outcome = describeFailure(program, usage, error, debugLogging());
    process.stderr.write(`${outcome.message}\n`);
    code = outcome.code;
  }
  process.exit(code);
}
