import { readdir } from 'node:fs/promises';
import { DeadlineExceededError, waitUntil } from '@spotify-pipeline/runtime';
import pg from 'pg';
import { runCommand } from './command.ts';
import { PrerequisiteError, ServiceStartError } from './errors/index.ts';
import { isLoopback, isPortOpen } from './port.ts';
import type { ServiceHealth, ServiceUpReport } from './service-report.ts';

// pg is CommonJS; take its values from the default export.
const { Client } = pg;

export interface PostgresServiceOptions {
  /** DATABASE_URL. */
  readonly url: string;
  readonly startTimeoutMs?: number;
  /** Where Debian keeps its clusters, one folder per major version. */
  readonly clustersDir?: string;
}

/**
 * The machine's PostgreSQL: reused when `select version()` answers at DATABASE_URL, started with
 * Debian's `pg_ctlcluster` otherwise (on loopback only).
 */
export class PostgresService {
  readonly #url: URL;
  readonly #startTimeoutMs: number;
  readonly #clustersDir: string;

  constructor({ url, startTimeoutMs = 60_000, clustersDir = '/etc/postgresql' }: PostgresServiceOptions) {
    try {
      this.#url = new URL(url);
    } catch (error) {
      throw new RangeError('PostgresService: url must be a postgresql:// URL', { cause: error });
    }
    this.#startTimeoutMs = startTimeoutMs;
    this.#clustersDir = clustersDir;
  }

  get host(): string {
    return this.#url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  }

  get port(): number {
    return Number(this.#url.port || 5432);
  }

  async status(): Promise<ServiceHealth> {
    const client = new Client({ connectionString: this.#url.toString(), connectionTimeoutMillis: 2_000 });
    client.on('error', () => {}); // a dropped idle connection; the query below reports failures
    try {
      await client.connect();
      const { rows } = await client.query<{ version: string }>('select version() as version');
      // "PostgreSQL 15.14 (Debian 15.14-0+deb12u1) on x86_64-pc-linux-gnu, compiled by…" → up to "on".
      const version = (rows[0]?.version ?? '?').split(' on ')[0];
      return { up: true, detail: `${version} at ${this.host}:${this.port}` };
    } catch (error) {
      return {
        up: false,
        detail: `${this.host}:${this.port}: ${error instanceof Error ? error.message : String(error)}`,
      };
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async ensure(): Promise<ServiceUpReport> {
    if (await isPortOpen(this.host, this.port)) {
      const health = await this.status();
      if (!health.up)
        throw new ServiceStartError(
          'postgres',
          `${this.host}:${this.port} is open but \`select version()\` fails (${health.detail})`,
        );
      return { action: 'reused', detail: health.detail };
    }
    if (!isLoopback(this.host)) {
      throw new ServiceStartError(
        'postgres',
        `nothing listens at ${this.host}:${this.port}, and a remote PostgreSQL is not this tool's to start`,
      );
    }
    const version = await this.#clusterVersion();
    await runCommand('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
      installHint: 'apt-get install postgresql',
    });
    try {
      const health = await waitUntil(
        async () => {
          const h = await this.status();
          return h.up ? h : undefined;
        },
        { what: `PostgreSQL at ${this.host}:${this.port} answering`, timeoutMs: this.#startTimeoutMs },
      );
      return { action: 'started', detail: health.detail };
    } catch (error) {
      if (!(error instanceof DeadlineExceededError)) throw error;
      throw new ServiceStartError('postgres', `${error.message}; see /var/log/postgresql/`, { cause: error });
    }
  }

  /** The newest installed cluster version (e.g. `15`); there is normally one. */
  async #clusterVersion(): Promise<string> {
    const versions = (await readdir(this.#clustersDir).catch(() => [] as string[]))
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] === undefined) {
      throw new PrerequisiteError(
        'postgresql',
        `no PostgreSQL cluster under ${this.#clustersDir} (apt-get install postgresql)`,
      );
    }
    return versions[0];
  }
}
