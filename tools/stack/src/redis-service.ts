import { DeadlineExceededError, waitUntil } from '@spotify-pipeline/runtime';
import { Redis } from 'ioredis';
import { runCommand } from './command.ts';
import { ServiceStartError } from './errors/index.ts';
import { isLoopback, isPortOpen } from './port.ts';
import type { ServiceHealth, ServiceUpReport } from './service-report.ts';

export interface RedisServiceOptions {
  /** REDIS_URL. */
  readonly url: string;
  readonly startTimeoutMs?: number;
}

/**
 * The machine's Redis: reused when something at REDIS_URL answers PING, started with the machine's
 * own `redis-server` otherwise (on loopback only: a remote Redis is not ours to start).
 */
export class RedisService {
  readonly #url: URL;
  readonly #startTimeoutMs: number;

  constructor({ url, startTimeoutMs = 30_000 }: RedisServiceOptions) {
    try {
      this.#url = new URL(url);
    } catch (error) {
      throw new RangeError('RedisService: url must be a redis:// URL', { cause: error });
    }
    this.#startTimeoutMs = startTimeoutMs;
  }

  get host(): string {
    return this.#url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  }

  get port(): number {
    return Number(this.#url.port || 6379);
  }

  async status(): Promise<ServiceHealth> {
    try {
      const reply = await this.#ping();
      return { up: reply === 'PONG', detail: `PING → ${reply} at ${this.host}:${this.port}` };
    } catch (error) {
      return {
        up: false,
        detail: `${this.host}:${this.port}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  async ensure(): Promise<ServiceUpReport> {
    if (await isPortOpen(this.host, this.port)) {
      const health = await this.status();
      if (!health.up)
        throw new ServiceStartError(
          'redis',
          `${this.host}:${this.port} is open but does not answer PING (${health.detail})`,
        );
      return { action: 'reused', detail: health.detail };
    }
    if (!isLoopback(this.host)) {
      throw new ServiceStartError(
        'redis',
        `nothing listens at ${this.host}:${this.port}, and a remote Redis is not this tool's to start`,
      );
    }
    await runCommand(
      'redis-server',
      [
        '--daemonize',
        'yes',
        '--bind',
        '127.0.0.1',
        '-::1',
        '--port',
        String(this.port),
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        '/var/lib/redis',
        '--logfile',
        '/var/log/redis/ci.log',
      ],
      { installHint: 'apt-get install redis-server' },
    );
    try {
      const health = await waitUntil(
        async () => {
          const h = await this.status();
          return h.up ? h : undefined;
        },
        {
          what: `Redis at ${this.host}:${this.port} answering PING`,
          timeoutMs: this.#startTimeoutMs,
        },
      );
      return { action: 'started', detail: health.detail };
    } catch (error) {
      if (!(error instanceof DeadlineExceededError)) throw error;
      throw new ServiceStartError('redis', `${error.message}; see /var/log/redis/ci.log`, { cause: error });
    }
  }

  async #ping(): Promise<string> {
    const client = new Redis(this.#url.toString(), {
      lazyConnect: true,
      connectTimeout: 1_000,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    });
    client.on('error', () => {}); // reported through the rejected command instead
    try {
      await client.connect();
      return await client.ping();
    } finally {
      client.disconnect();
    }
  }
}
