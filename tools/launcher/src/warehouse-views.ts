import pg from 'pg';

/** The views of the warehouse schema in PostgreSQL, what Tableau or psql reads; undefined if unreadable. */
export async function warehouseViews(databaseUrl: string, schema: string): Promise<string[] | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ name: string }>(
      'select table_name as name from information_schema.views where table_schema = $1 order by table_name',
      [schema],
    );
    return rows.map((r) => r.name);
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}
