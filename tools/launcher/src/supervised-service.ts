import { backoffDelay, type Logger } from '@spotify-pipeline/runtime';
import type { ChildService } from './child-service.ts';

export interface RestartPolicy {
  /** First wait before a restart; doubles with each crash in a row, up to maxDelayMs. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** A child that ran this long before crashing counts as a first crash again. */
  readonly stableAfterMs: number;
}

const DEFAULT_POLICY: RestartPolicy = { initialDelayMs: 1_000, maxDelayMs: 30_000, stableAfterMs: 60_000 };

/**
 * A service the launcher keeps running: when its process exits unexpectedly (a crash, an uncaught
 * error, a kill), it says so and starts it again after a backoff, so one dead sink does not leave
 * the pipeline half-running. Crash after crash waits longer; each restart is logged.
 */
export class SupervisedService {
  readonly name: string;
  readonly #start: () => ChildService;
  readonly #logger: Logger;
  readonly #policy: RestartPolicy;
  #current: ChildService;
  #startedAt = Date.now();
  #crashes = 0;
  #restarts = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopping = false;

  constructor(name: string, start: () => ChildService, logger: Logger, policy: Partial<RestartPolicy> = {}) {
    this.name = name;
    this.#start = start;
    this.#logger = logger;
    this.#policy = { ...DEFAULT_POLICY, ...policy };
    this.#current = this.#launch();
  }

  /** How many times it was started again after a crash. */
  get restarts(): number {
    return this.#restarts;
  }

  #launch(): ChildService {
    const child = this.#start();
    this.#startedAt = Date.now();
    void child.exited.then((code) => this.#onExit(code));
    return child;
  }

  #onExit(code: number | null): void {
    if (this.#stopping) return;
    const ranMs = Date.now() - this.#startedAt;
    this.#crashes = ranMs >= this.#policy.stableAfterMs ? 1 : this.#crashes + 1;
    const delayMs = backoffDelay(this.#crashes, {
      initialDelayMs: this.#policy.initialDelayMs,
      maxDelayMs: this.#policy.maxDelayMs,
    });
    const how = code === null ? 'killed by a signal' : `exit code ${code}`;
    this.#logger.error(
      { child: this.name, code, ranMs, crashesInARow: this.#crashes, restartInMs: delayMs },
      `${this.name} exited unexpectedly (${how}); restarting it in ${(delayMs / 1000).toFixed(1)} s`,
    );
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#stopping) return;
      this.#restarts += 1;
      this.#current = this.#launch();
      this.#logger.warn({ child: this.name, restarts: this.#restarts }, `${this.name} restarted`);
    }, delayMs);
  }

  /** Stops it for good: no restart after this, the running process gets SIGTERM then SIGKILL. */
  async stop(graceMs?: number): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#timer);
    await this.#current.stop(graceMs);
  }
}
