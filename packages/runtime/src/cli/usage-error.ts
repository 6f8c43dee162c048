import { parseArgs } from 'node:util';

/**
 * The person typed the command wrong: an unknown command or option, a missing argument, an
 * account that does not exist. Reported as one line plus the usage, exit 2, never a stack trace.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type ParseArgsConfig = NonNullable<Parameters<typeof parseArgs>[0]>;

/**
 * node:util's parseArgs, strict, with its errors (ERR_PARSE_ARGS_UNKNOWN_OPTION and the like)
 * turned into a UsageError of their first sentence: the rest tells how to pass a positional
 * starting with '-', which is noise for an unknown --option.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs({ strict: true, ...config });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      const message = (error as Error).message;
      throw new UsageError(message.split(/\.(\s|$)/)[0]!.replace(/^Unknown option/, 'unknown option'));
    }
    throw error;
  }
}
