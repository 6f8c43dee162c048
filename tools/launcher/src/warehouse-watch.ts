import type { Logger } from '@spotify-pipeline/runtime';
import pg from 'pg';

/** The plays a simulated listener has been shown so far, by account (demo only). */
export type ShownPlays = () => Map<string, Set<number>>;

/**
 * Reports how many plays the warehouse holds, so whoever ran `npm start` sees the pipeline work
 * end to end; in the demo also how many of the plays the simulator has shown are in it. PostgreSQL
 * only: with SQL Server, Tableau or sqlcmd shows the same.
 */
export function watchWarehouse(
  databaseUrl: string,
  schema: string,
  logger: Logger,
  shown?: ShownPlays,
  everyMs = 15_000,
): () => Promise<void> {
  // A pool of one rather than a Client: a connection the server ends (restart, pg_terminate_backend)
  // is replaced at the next report, and its 'error' event, listened to, cannot end the launcher.
  const client = new pg.Pool({
    connectionString: databaseUrl,
    max: 1,
    application_name: 'spotify-pipeline-launcher',
  });
  client.on('connect', (c) =>
    c.on('error', (error) => logger.debug({ err: error }, 'warehouse watch connection lost')),
  );
  client.on('error', () => undefined);
  let last = '';
  const report = async () => {
    const { rows } = await client.query<{ plays: string; duplicates: string }>(
      `select count(*) as plays, count(*) - count(distinct (account_id, played_at_utc)) as duplicates from ${schema}.v_plays`,
    );
    const plays = Number(rows[0]?.plays ?? 0);
    const fields: Record<string, number> = { plays, duplicates: Number(rows[0]?.duplicates ?? 0) };
    let message = `warehouse holds ${plays} plays`;
    if (shown) {
      const expected = shown();
      const stored = await client.query<{ account_id: string; ms: string }>(
        `select account_id, (extract(epoch from played_at) * 1000)::bigint as ms from ${schema}.fact_play where account_id = any($1)`,
        [[...expected.keys()]],
      );
      const found = stored.rows.filter((r) => expected.get(r.account_id)?.has(Number(r.ms))).length;
      const total = [...expected.values()].reduce((n, s) => n + s.size, 0);
      Object.assign(fields, { shown: total, shownInWarehouse: found });
      message += `; ${found} of the ${total} plays the simulator has shown are in it`;
    }
    const key = JSON.stringify(fields);
    if (key !== last) logger.info(fields, message);
    last = key;
  };
  const timer = setInterval(() => {
    report().catch((error: unknown) => logger.debug({ err: error }, 'warehouse not readable yet'));
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await client.end().catch(() => undefined);
  };
}
