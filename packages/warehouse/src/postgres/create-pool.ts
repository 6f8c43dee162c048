import pg from 'pg';

export interface PostgresPoolOptions {
  /** postgresql://user:password@host:port/database; an `application_name` in it wins. */
  readonly connectionString: string;
  readonly max: number;
  /** What pg_stat_activity shows for these connections, so an operator can tell whose they are. */
  readonly applicationName?: string;
  /**
   * Told of a connection that failed outside a query of ours (the server restarted, an operator
   * ran pg_terminate_backend). The connection is discarded either way; the next query gets a
   * fresh one, or a retriable error while the server is away.
   */
  readonly onConnectionError?: (error: Error) => void;
}

/** Seconds a new connection may take before the attempt fails (retriably) instead of hanging. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * A pg Pool whose every client has an 'error' listener for its whole life, idle or checked out.
 * pg's pool listens only to idle clients: a backend that ends while a client is checked out (mid
 * transaction, or between the failed query and the release) emits 'error' on that client, and an
 * 'error' event nobody listens to ends the process. The query in flight still fails with the
 * cause, and the caller's retry decides what to do.
 */
export function createPostgresPool(options: PostgresPoolOptions): pg.Pool {
  const report = options.onConnectionError ?? (() => undefined);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    application_name: options.applicationName ?? 'spotify-pipeline',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  pool.on('connect', (client) => {
    client.on('error', report);
  });
  // The pool re-emits an idle client's error; that client already told `report`.
  pool.on('error', () => undefined);
  return pool;
}
