import { freePort, waitUntil } from '@spotify-pipeline/runtime';
import { EphemeralRedis } from '@spotify-pipeline/stack';
import { Redis } from 'ioredis';

/**
 * A Redis of the bench's own (an EphemeralRedis on a free loopback port), so that INFO
 * commandstats counts the poller's commands and nobody else's; or, where no redis-server can be
 * started, the shared one, whose counts then include other clients (`shared` says so).
 */
export class BenchRedis {
  readonly url: string;
  readonly shared: boolean;
  readonly #server: EphemeralRedis | undefined;
  readonly #client: Redis;

  private constructor(url: string, server: EphemeralRedis | undefined) {
    this.url = url;
    this.shared = server === undefined;
    this.#server = server;
    this.#client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
    this.#client.on('error', () => undefined);
  }

  static async start(sharedUrl: string): Promise<BenchRedis> {
    const server = new EphemeralRedis(await freePort());
    let redis: BenchRedis | undefined;
    try {
      await server.start(10_000);
      redis = new BenchRedis(server.url, server);
      const client = redis.#client;
      await waitUntil(async () => (await client.ping().catch(() => '')) === 'PONG', {
        what: 'the bench redis-server answering PING',
        timeoutMs: 10_000,
        intervalMs: 50,
      });
      return redis;
    } catch {
      // Its client too: a client left reconnecting would keep the bench alive.
      if (redis === undefined) await server.kill();
      else await redis.close();
    }
    const shared = new BenchRedis(sharedUrl, undefined);
    await shared.#client.connect();
    return shared;
  }

  get client(): Redis {
    return this.#client;
  }

  /** Commands executed so far (INFO commandstats, calls summed; INFO itself left out). */
  async commands(): Promise<number> {
    const info = await this.#client.info('commandstats');
    let calls = 0;
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
      if (match[1] !== 'info') calls += Number(match[2]);
    return calls;
  }

  /** Deletes every key under `prefix` (needed on the shared Redis only; a private one just stops). */
  async deletePrefix(prefix: string): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.#client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
      if (keys.length > 0) await this.#client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  async close(): Promise<void> {
    this.#client.disconnect();
    await this.#server?.kill('SIGTERM');
  }
}
