import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { commandEnv } from '../config.ts';

/** The repository's root, wherever the bench or a test runs from. */
const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
export const IMPORTER_CLI = path.join(REPO_ROOT, 'services/importer/src/cli.ts');

export interface ImportCliOptions {
  readonly paths: readonly string[];
  readonly accountId: string;
  readonly timeZone: string;
  /** KAFKA_BROKERS, TOPIC_PREFIX, IMPORT_STATE_DIR ...: added to this process's environment. */
  readonly env: Readonly<Record<string, string>>;
}

export interface ImportCliExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The last 20 kB of what the command wrote to stderr, for failure messages. */
  readonly stderr: string;
  readonly stdout: string;
}

/**
 * `node services/importer/src/cli.ts import <paths> --account <id> --time-zone <zone>` as its own
 * process, exactly as a person runs it, so the bench and tests can SIGKILL it mid-import. `stop()`
 * is idempotent: SIGKILL unless it has already ended.
 */
export class ImportCliProcess {
  readonly #child: ChildProcess;
  readonly #exit: Promise<ImportCliExit>;
  #stderr = '';
  #stdout = '';

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.stderr?.setEncoding('utf8');
    child.stdout?.setEncoding('utf8');
    // Keep the tails only: the progress bar redraws on stderr for the whole import.
    child.stderr?.on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-20_000);
    });
    child.stdout?.on('data', (chunk: string) => {
      this.#stdout = (this.#stdout + chunk).slice(-20_000);
    });
    this.#exit = (once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>).then(
      ([code, signal]) => ({ code, signal, stderr: this.#stderr, stdout: this.#stdout }),
    );
  }

  static start(options: ImportCliOptions): ImportCliProcess {
    if (options.paths.length === 0)
      throw new RangeError('ImportCliProcess.start: name at least one export path');
    const args = [IMPORTER_CLI, 'import', ...options.paths, '--account', options.accountId];
    args.push('--time-zone', options.timeZone);
    return new ImportCliProcess(
      spawn(process.execPath, args, {
        cwd: REPO_ROOT,
        env: commandEnv(options.env),
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  }

  get exited(): boolean {
    return this.#child.exitCode !== null || this.#child.signalCode !== null;
  }

  /** Resolves when the command ends, however it ends. */
  exit(): Promise<ImportCliExit> {
    return this.#exit;
  }

  /**
   * Freezes it (SIGSTOP) or lets it go on (SIGCONT); a no-op once it has ended. A frozen process can
   * still be killed, so a harness can look at what it did without it moving on meanwhile.
   */
  freeze(frozen: boolean): void {
    if (!this.exited) this.#child.kill(frozen ? 'SIGSTOP' : 'SIGCONT');
  }

  /** Kills it without warning, as a crash or the OOM killer would. */
  async kill(): Promise<ImportCliExit> {
    if (!this.exited) this.#child.kill('SIGKILL');
    return this.#exit;
  }

  async stop(): Promise<void> {
    await this.kill();
  }
}
