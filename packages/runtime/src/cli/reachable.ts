import { connect } from 'node:net';
import { NonRetriableError } from '../errors/pipeline-error.ts';

/** A server a command needs, by the addresses it was configured with. */
export interface Dependency {
  /** What a person calls it: Kafka, Redis, PostgreSQL, SQL Server. */
  readonly name: string;
  /** host:port, one per address; reachable when any of them accepts a connection. */
  readonly addresses: readonly string[];
  /** How to start it, said after the address. */
  readonly hint: string;
}

const LOCAL_STACK =
  'start the local stack with `npm run stack:up` (or `npm start`), or `docker compose up -d` under compose';

/**
 * A dependency did not accept a TCP connection. Checked before a command builds its clients, whose
 * own retries (kafkajs, ioredis, pg) would otherwise spend half a minute and print their chatter.
 */
export class UnreachableError extends NonRetriableError {
  readonly dependency: Dependency;

  constructor(dependency: Dependency, cause: unknown) {
    super(
      `${dependency.name} is not reachable at ${dependency.addresses.join(', ')} (${describe(cause)}): ${dependency.hint}`,
      { cause },
    );
    this.dependency = dependency;
  }
}

function describe(cause: unknown): string {
  const code = (cause as { code?: string }).code;
  return code ?? (cause instanceof Error ? cause.message : String(cause));
}

export function kafkaDependency(brokers: readonly string[]): Dependency {
  return { name: 'Kafka', addresses: brokers, hint: LOCAL_STACK };
}

export function redisDependency(url: string): Dependency {
  const { hostname, port } = new URL(url);
  return { name: 'Redis', addresses: [`${hostname}:${port || '6379'}`], hint: LOCAL_STACK };
}

/** The warehouse the configuration selects: SQL Server when MSSQL_URL is set, else PostgreSQL. */
export function warehouseDependency(env: {
  DATABASE_URL: string;
  MSSQL_URL?: string | undefined;
}): Dependency {
  if (env.MSSQL_URL) {
    const { hostname, port } = new URL(env.MSSQL_URL);
    return {
      name: 'SQL Server',
      addresses: [`${hostname}:${port || '1433'}`],
      hint: 'start it with `docker compose up -d mssql`, or unset MSSQL_URL to use the local PostgreSQL',
    };
  }
  const { hostname, port } = new URL(env.DATABASE_URL);
  return {
    name: 'PostgreSQL',
    addresses: [`${hostname || '127.0.0.1'}:${port || '5432'}`],
    hint: LOCAL_STACK,
  };
}

function tryConnect(address: string, timeoutMs: number): Promise<void> {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(at + 1));
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (error: unknown) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
  });
}

/**
 * Throws an UnreachableError naming the first dependency none of whose addresses accepts a TCP
 * connection within timeoutMs; all are tried at once, so the whole check takes at most timeoutMs.
 */
export async function assertReachable(dependencies: readonly Dependency[], timeoutMs = 3_000): Promise<void> {
  const outcomes = await Promise.all(
    dependencies.map((d) =>
      Promise.any(d.addresses.map((a) => tryConnect(a, timeoutMs))).then(
        () => undefined,
        (error: AggregateError) => new UnreachableError(d, error.errors[0]),
      ),
    ),
  );
  const failed = outcomes.find((o) => o !== undefined);
  if (failed) throw failed;
}
