import type { Logger } from '@spotify-pipeline/runtime';
import pg from 'pg';

/**
 * Reports how many plays the warehouse holds, so whoever ran `npm start` sees the pipeline work
 * end to end. PostgreSQL only: with SQL Server, Tableau or sqlcmd shows the same.
 */
export function watchWarehouse(
  databaseUrl: string,
  schema: string,
  logger: Logger,
  everyMs = 15_000,
): () => Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  let last = -1;
  const connected = client.connect().catch((error: unknown) => {
    logger.warn({ err: error }, 'cannot watch the warehouse');
  });
  const timer = setInterval(async () => {
    try {
      await connected;
      const { rows } = await client.query<{ plays: string; accounts: string }>(
        `select count(*) as plays, count(distinct account_id) as accounts from ${schema}.fact_play`,
      );
      const plays = Number(rows[0]?.plays ?? 0);
      if (plays !== last)
        logger.info({ plays, accounts: Number(rows[0]?.accounts ?? 0) }, `warehouse holds ${plays} plays`);
      last = plays;
    } catch (error) {
      logger.debug({ err: error }, 'warehouse not readable yet');
    }
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await client.end().catch(() => undefined);
  };
}
