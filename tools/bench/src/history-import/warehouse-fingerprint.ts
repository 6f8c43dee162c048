/** Anything that runs a query and returns its rows, e.g. a `PostgresWarehouse`. */
export interface RowSource {
  query<T>(text: string, values?: unknown[]): Promise<T[]>;
}

/** The tables an import writes; the calendar dimensions are static. */
export const FINGERPRINT_TABLES = [
  'dim_account',
  'dim_artist',
  'dim_album',
  'dim_track',
  'bridge_track_artist',
  'fact_play',
] as const;

/** When a row was written differs from run to run, by design; everything else must not. */
const IGNORED_COLUMNS = new Set(['loaded_at', 'updated_at']);

export interface TableFingerprint {
  readonly rows: number;
  readonly md5: string;
}

export type WarehouseFingerprint = Readonly<Record<(typeof FINGERPRINT_TABLES)[number], TableFingerprint>>;

/**
 * An MD5 over every row of each table (all columns but the write times, rows in text order), so two
 * warehouses with the same content have equal fingerprints whatever order the rows arrived in.
 */
export async function warehouseFingerprint(db: RowSource, schema: string): Promise<WarehouseFingerprint> {
  const out: Partial<Record<(typeof FINGERPRINT_TABLES)[number], TableFingerprint>> = {};
  for (const table of FINGERPRINT_TABLES) {
    const columns = (
      await db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
        [schema, table],
      )
    )
      .map((c) => c.column_name)
      .filter((c) => !IGNORED_COLUMNS.has(c));
    if (columns.length === 0) throw new Error(`warehouseFingerprint: no table ${schema}.${table}`);
    const list = columns.map((c) => `"${c}"`).join(', ');
    const [row] = await db.query<{ rows: number; md5: string }>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(r, E'\\n' ORDER BY r COLLATE "C"), '')) AS md5
       FROM (SELECT ROW(${list})::text AS r FROM "${schema}".${table}) AS t`,
    );
    out[table] = { rows: row?.rows ?? 0, md5: row?.md5 ?? '' };
  }
  return out as WarehouseFingerprint;
}

/** The tables whose content differs, e.g. `fact_play (300000 vs 299999 rows)`; empty when equal. */
export function fingerprintDifferences(a: WarehouseFingerprint, b: WarehouseFingerprint): string[] {
  return FINGERPRINT_TABLES.filter((t) => a[t].md5 !== b[t].md5 || a[t].rows !== b[t].rows).map(
    (t) => `${t} (${a[t].rows} vs ${b[t].rows} rows)`,
  );
}
