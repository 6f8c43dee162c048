import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { waitUntil } from '@spotify-pipeline/runtime';

/** Whether something listens on the loopback port (a listen attempt there fails). */
function isTaken(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer().listen(port, '127.0.0.1');
    probe.once('error', () => done(true));
    probe.once('listening', () => probe.close(() => done(false)));
  });
}

/**
 * A redis-server of one test's own on a loopback port, without persistence, so the test can kill
 * it (SIGKILL) and start it again empty without touching the Redis other tests share.
 */
export class PrivateRedis {
  readonly port: number;
  #child: ChildProcess | undefined;

  constructor(port: number) {
    this.port = port;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /**
   * Starts it unless it runs. Idempotent: a second start while the first server is still binding
   * would otherwise leave a server nobody kills (and keep the test's process alive).
   */
  async start(): Promise<void> {
    const current = this.#child;
    if (current && current.exitCode === null && current.signalCode === null) return;
    this.#child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitUntil(() => isTaken(this.port), {
      what: `redis-server on ${this.port}`,
      timeoutMs: 20_000,
      intervalMs: 50,
    });
  }

  /** SIGKILL; resolves once it is gone. Idempotent. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}
