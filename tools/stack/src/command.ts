import { execFile } from 'node:child_process';
import { CommandFailedError, PrerequisiteError } from './errors/index.ts';

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunCommandOptions {
  readonly cwd?: string;
  readonly timeoutMs?: number;
  /** Said in the error when the program is not installed, e.g. `apt-get install maven`. */
  readonly installHint?: string;
}

/** Runs a program without a shell; a missing program becomes a PrerequisiteError naming it. */
export function runCommand(
  program: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  const shown = [program, ...args].join(' ');
  return new Promise((resolve, reject) => {
    execFile(
      program,
      args,
      {
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 600_000,
        maxBuffer: 16 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          const hint = options.installHint ? ` (${options.installHint})` : '';
          return reject(
            new PrerequisiteError(program, `\`${program}\` is not installed or not on PATH${hint}`, {
              cause: error,
            }),
          );
        }
        const code = typeof error.code === 'number' ? error.code : null;
        reject(new CommandFailedError(shown, code, stdout, stderr, error));
      },
    );
  });
}
