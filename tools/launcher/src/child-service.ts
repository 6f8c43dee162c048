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
    // Its own process group: Ctrl-C in a terminal signals the whole foreground group, and a child
    // that got SIGINT there and then SIGTERM from stop() would take the second signal as "exit
    // now" and abandon its batch. Only the launcher hears the terminal; it stops the children.
    this.#child = spawn(process.execPath, [entry], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    this.#exited = once(this.#child, 'exit').then(([code]) => code as number | null);
    // Should the launcher itself die, its children must not outlive it as orphans.
    const killOnExit = () => this.#child.kill('SIGKILL');
    process.once('exit', killOnExit);
    void this.#exited.then(() => process.off('exit', killOnExit));
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
