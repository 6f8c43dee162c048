import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { waitUntil } from '@spotify-pipeline/runtime';
import { isPortOpen } from './port.ts';

/**
 * A `redis-server` child of this process on a loopback port, without persistence: a Redis that a
 * test can SIGKILL and start again empty, or that a benchmark reads INFO from, without touching the
 * machine's shared Redis (RedisService). It dies with the caller's `kill()`, not with the machine.
 */
export class EphemeralRedis {
  readonly port: number;
  #child: ChildProcess | undefined;
  /** The current child's start-up: settled once it accepts connections (or failed to). */
  #starting: Promise<void> = Promise.resolve();

  constructor(port: number) {
    if (!Number.isInteger(port) || port < 1 || port > 65_535)
      throw new RangeError(`EphemeralRedis: port must be 1-65535, got ${port}`);
    this.port = port;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    const child = this.#child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /**
   * Starts it unless it runs, and resolves once it accepts connections; rejects at once when
   * `redis-server` cannot be run (not installed). Idempotent: a second start while the first
   * server is still binding would otherwise leave a server nobody kills.
   */
  start(timeoutMs = 20_000): Promise<void> {
    if (!this.running) this.#starting = this.#spawn(timeoutMs);
    return this.#starting;
  }

  async #spawn(timeoutMs: number): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    this.#child = child;
    const spawnFailed = once(child, 'error').then(([error]) => {
      throw new Error(`redis-server could not be started: ${(error as Error).message}`, { cause: error });
    });
    spawnFailed.catch(() => undefined); // an error after the start is the exit's, not the start's
    try {
      await Promise.race([
        spawnFailed,
        waitUntil(() => isPortOpen('127.0.0.1', this.port, 500), {
          what: `redis-server on 127.0.0.1:${this.port}`,
          timeoutMs,
          intervalMs: 50,
        }),
      ]);
    } catch (error) {
      await this.kill();
      throw error;
    }
  }

  /** Ends it with `signal` (SIGKILL: a crash) and resolves once it is gone. Idempotent. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.#child;
    if (child === undefined || !this.running) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  }
}
