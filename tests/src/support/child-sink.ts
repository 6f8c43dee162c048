import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { envWith } from '@spotify-pipeline/test-support';
import { REPO_ROOT } from './repo.ts';

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export const SINK_MAIN = resolve(REPO_ROOT, 'services/sink/src/main.ts');
export const NORMALIZER_MAIN = resolve(REPO_ROOT, 'services/normalizer/src/main.ts');
export const POLLER_MAIN = resolve(REPO_ROOT, 'services/poller/src/main.ts');

/**
 * A sink running as its own process (`node services/sink/src/main.ts`), as in production, so a test
 * can kill it without warning. Its stderr is kept for failure messages. `stop()` is idempotent: a
 * SIGTERM (graceful stop) unless it has already exited.
 */
export class ChildSink {
  readonly #child: ChildProcess;
  readonly #exit: Promise<[number | null, NodeJS.Signals | null]>;
  #stderr = '';
  #stdout = '';
  #terminating: Promise<ExitStatus> | undefined;

  private constructor(child: ChildProcess) {
    this.#child = child;
    this.#exit = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      // Keep the tail only: a chatty child must not grow the test's memory without bound.
      this.#stderr = (this.#stderr + chunk).slice(-20_000);
    });
    // The services log to stdout: its tail says why a child that exited by itself did.
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      this.#stdout = (this.#stdout + chunk).slice(-20_000);
    });
  }

  /** Spawns the sink with exactly `env` added to this process's environment. */
  static start(env: Record<string, string>): ChildSink {
    return ChildSink.startMain(SINK_MAIN, env);
  }

  /** Spawns any service's `main.ts` (the poller, the normalizer) the same way. */
  static startMain(main: string, env: Record<string, string>): ChildSink {
    return new ChildSink(
      spawn(process.execPath, [main], {
        cwd: REPO_ROOT,
        env: envWith(env),
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** True once the process has ended, for any reason. */
  get exited(): boolean {
    return this.#child.exitCode !== null || this.#child.signalCode !== null;
  }

  /** What the process wrote to stderr (its last 20 kB). */
  get stderr(): string {
    return this.#stderr;
  }

  /** What the process wrote to stdout, its log (its last 20 kB). */
  get stdout(): string {
    return this.#stdout;
  }

  /** How it ended, once it has: exit code or signal. */
  get exitStatus(): ExitStatus | undefined {
    return this.exited ? { code: this.#child.exitCode, signal: this.#child.signalCode } : undefined;
  }

  /** Kills it at once, as a crash or the OOM killer would; resolves with how it ended. */
  async kill(): Promise<ExitStatus> {
    if (!this.exited) this.#child.kill('SIGKILL');
    const [code, signal] = await this.#exit;
    return { code, signal };
  }

  /** Asks it to stop gracefully (SIGTERM) unless it has ended; resolves with how it ended. Idempotent. */
  terminate(): Promise<ExitStatus> {
    this.#terminating ??= (async () => {
      if (!this.exited) this.#child.kill('SIGTERM');
      const [code, signal] = await this.#exit;
      return { code, signal };
    })();
    return this.#terminating;
  }

  async stop(): Promise<void> {
    await this.terminate();
  }
}
