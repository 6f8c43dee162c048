import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Logger } from '@spotify-pipeline/runtime';

/**
 * One service run as its own process, exactly as it runs in production (`node .../main.ts`), so
 * that `npm start` exercises the same lifecycle: its own configuration, signals and exit code.
 */
export class ChildService {
  readonly name: string;
  readonly #child: ChildProcess;
  readonly #exited: Promise<number | null>;
  readonly #logger: Logger;

  constructor(name: string, entry: string, env: NodeJS.ProcessEnv, logger: Logger) {
    this.name = name;
    this.#logger = logger;
    this.#child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    this.#exited = once(this.#child, 'exit').then(([code]) => code as number | null);
  }

  get exited(): Promise<number | null> {
    return this.#exited;
  }

  /** SIGTERM, then SIGKILL if it has not finished its batch within the grace period. */
  async stop(graceMs = 30_000): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.#logger.warn({ service: this.name, graceMs }, 'service did not stop in time; killing it');
      this.#child.kill('SIGKILL');
    }, graceMs);
    await this.#exited;
    clearTimeout(timer);
  }
}
