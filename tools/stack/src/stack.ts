import { relative } from 'node:path';
import { loadStackConfig, REPO_ROOT, type StackConfig } from './config.ts';
import { KafkaBroker } from './kafka-broker.ts';
import { PostgresService } from './postgres-service.ts';
import { RedisService } from './redis-service.ts';

export type ServiceName = 'kafka' | 'redis' | 'postgres';

/** One line of the report: how one service is, and what the command did to it. */
export interface StackRow {
  readonly service: ServiceName;
  /** The service is where the command wants it (up for up/status, stopped for down). */
  readonly ok: boolean;
  /** up, down, stopped, left running, failed. */
  readonly state: string;
  /** What the command did: reused, started, restarted, stopped, — */
  readonly action: string;
  readonly detail: string;
  /** The error behind a failed row (a ServiceStartError carries the log tail). */
  readonly error?: unknown;
}

export interface StackReport {
  readonly ok: boolean;
  readonly rows: readonly StackRow[];
}

export interface StackOptions {
  /** Defaults to process.env; tests and a second broker pass their own. */
  readonly env?: NodeJS.ProcessEnv;
  /** Progress lines while it works (jars being fetched, broker starting). */
  readonly onProgress?: (message: string) => void;
}

interface Services {
  readonly config: StackConfig;
  readonly kafka: KafkaBroker;
  readonly redis: RedisService;
  readonly postgres: PostgresService;
}

function services({ env, onProgress }: StackOptions): Services {
  const config = loadStackConfig(env);
  return {
    config,
    kafka: new KafkaBroker({
      cacheDir: config.cacheDir,
      pomPath: config.pomPath,
      templatesDir: config.templatesDir,
      host: config.kafkaHost,
      port: config.kafkaPort,
      controllerPort: config.controllerPort,
      heap: config.heap,
      readyTimeoutMs: config.readyTimeoutMs,
      stopTimeoutMs: config.stopTimeoutMs,
      ...(onProgress ? { onProgress } : {}),
    }),
    redis: new RedisService({ url: config.redisUrl }),
    postgres: new PostgresService({ url: config.databaseUrl }),
  };
}

/** A path as a person reads it: relative to the repository when inside it. */
export function shownPath(path: string): string {
  const rel = relative(REPO_ROOT, path);
  return rel.startsWith('..') ? path : rel;
}

function failed(service: ServiceName, error: unknown): StackRow {
  return {
    service,
    ok: false,
    state: 'failed',
    action: '—',
    detail: error instanceof Error ? error.message : String(error),
    error,
  };
}

function report(rows: StackRow[]): StackReport {
  return { ok: rows.every((r) => r.ok), rows };
}

/**
 * Brings the stack up, idempotently: adopts what already runs, starts what does not, and returns
 * once Kafka serves partitions, Redis answers PING and PostgreSQL answers a query.
 */
export async function stackUp(options: StackOptions = {}): Promise<StackReport> {
  const { kafka, redis, postgres } = services(options);
  const rows = await Promise.all([
    kafka.start().then(
      (r): StackRow => ({
        service: 'kafka',
        ok: true,
        state: 'up',
        action: r.action,
        detail: [
          `${kafka.address}`,
          r.pid === undefined ? 'pid unknown' : `pid ${r.pid}`,
          `ready after ${(r.readyAfterMs / 1000).toFixed(1)} s`,
          ...r.notes,
          `log ${shownPath(kafka.paths.serverLog)}`,
        ].join(', '),
      }),
      (error: unknown) => failed('kafka', error),
    ),
    redis.ensure().then(
      (r): StackRow => ({ service: 'redis', ok: true, state: 'up', action: r.action, detail: r.detail }),
      (error: unknown) => failed('redis', error),
    ),
    postgres.ensure().then(
      (r): StackRow => ({ service: 'postgres', ok: true, state: 'up', action: r.action, detail: r.detail }),
      (error: unknown) => failed('postgres', error),
    ),
  ]);
  return report(rows);
}

/** Stops the broker this tool started; Redis and PostgreSQL belong to the machine and stay up. */
export async function stackDown(options: StackOptions = {}): Promise<StackReport> {
  const { kafka, redis, postgres } = services(options);
  const machine = (service: ServiceName, where: string): StackRow => ({
    service,
    ok: true,
    state: 'left running',
    action: '—',
    detail: `${where} belongs to the machine; not stopped`,
  });
  const kafkaRow = await kafka.stop().then(
    (r): StackRow => ({
      service: 'kafka',
      ok: true,
      state: 'stopped',
      action: r.action,
      detail:
        r.pid === undefined ? `no broker of ${shownPath(kafka.paths.cacheDir)} was running` : `pid ${r.pid}`,
    }),
    (error: unknown) => failed('kafka', error),
  );
  return report([
    kafkaRow,
    machine('redis', `${redis.host}:${redis.port}`),
    machine('postgres', `${postgres.host}:${postgres.port}`),
  ]);
}

/** How each service is; ok only when all are up and Kafka serves partitions. */
export async function stackStatus(options: StackOptions = {}): Promise<StackReport> {
  const { kafka, redis, postgres } = services(options);
  const [k, r, p] = await Promise.all([kafka.status(), redis.status(), postgres.status()]);
  const kafkaState = k.ready ? 'up' : k.portOpen ? 'not ready' : 'down';
  return report([
    {
      service: 'kafka',
      ok: k.ready,
      state: kafkaState,
      action: '—',
      detail: [
        k.pid === undefined ? 'no live pid' : `pid ${k.pid}`,
        `${kafka.address} ${k.portOpen ? 'open' : 'closed'}`,
        k.ready ? `ready (${k.detail})` : `not ready (${k.detail})`,
        `log ${shownPath(k.logFile)}`,
      ].join(', '),
    },
    { service: 'redis', ok: r.up, state: r.up ? 'up' : 'down', action: '—', detail: r.detail },
    { service: 'postgres', ok: p.up, state: p.up ? 'up' : 'down', action: '—', detail: p.detail },
  ]);
}
