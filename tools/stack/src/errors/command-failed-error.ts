import { NonRetriableError } from '@spotify-pipeline/runtime';

/** Why a command failed, with its own words (stderr) rather than only an exit code. */
export class CommandFailedError extends NonRetriableError {
  readonly command: string;
  readonly exitCode: number | null;
  readonly stderr: string;

  constructor(command: string, exitCode: number | null, stdout: string, stderr: string, cause: unknown) {
    const said = (stderr.trim() || stdout.trim()).split('\n').slice(-15).join('\n');
    super(`\`${command}\` failed (exit ${exitCode ?? 'signal'})${said ? `:\n${said}` : ''}`, { cause });
    this.command = command;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}
