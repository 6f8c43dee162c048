import type { PostgresWarehouse } from '@spotify-pipeline/warehouse';
import { type FactKey, factKey } from './expected-warehouse.ts';

export const DIMENSION_TABLES = ['dim_artist', 'dim_album', 'dim_track', 'dim_account'] as const;
export type DimensionTable = (typeof DIMENSION_TABLES)[number];

/** One table's content in a form two states of the warehouse can be compared by. */
export interface TableDigest {
  readonly rows: number;
  /** md5 of every row as JSON (all columns, timestamps included), in a stable order. */
  readonly md5: string;
}

/** Reads a test's warehouse schema back: counts, keys, dimension members and content digests. */
export class WarehouseInspector {
  readonly #warehouse: PostgresWarehouse;
  readonly #schema: string;

  constructor(warehouse: PostgresWarehouse) {
    this.#warehouse = warehouse;
    this.#schema = warehouse.schema;
  }

  #table(name: string): string {
    if (!/^[a-z_]+$/.test(name)) throw new RangeError(`WarehouseInspector: not a table name: ${name}`);
    return `"${this.#schema}".${name}`;
  }

  async count(table: string, where = 'true'): Promise<number> {
    const [row] = await this.#warehouse.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.#table(table)} WHERE ${where}`,
    );
    return row?.n ?? 0;
  }

  /** Every fact's identity, as factKey() spells it. */
  async factKeys(): Promise<FactKey[]> {
    const rows = await this.#warehouse.query<{ a: string; ms: string; t: string }>(
      `SELECT account_id AS a, (extract(epoch FROM played_at) * 1000)::bigint::text AS ms, track_id AS t
         FROM ${this.#table('fact_play')}`,
    );
    return rows.map((r) => factKey(r.a, r.ms, r.t));
  }

  /** Inferred (key-only) members left, per dimension table. */
  async inferredCounts(): Promise<Record<DimensionTable, number>> {
    const counts = {} as Record<DimensionTable, number>;
    for (const table of DIMENSION_TABLES) counts[table] = await this.count(table, 'is_inferred');
    return counts;
  }

  /** Facts whose account, track, album, artist, date or time member is missing, per key. */
  async orphanFacts(): Promise<Record<string, number>> {
    const f = this.#table('fact_play');
    const checks: Record<string, string> = {
      account: `NOT EXISTS (SELECT 1 FROM ${this.#table('dim_account')} d WHERE d.account_id = f.account_id)`,
      track: `NOT EXISTS (SELECT 1 FROM ${this.#table('dim_track')} d WHERE d.track_id = f.track_id)`,
      album: `f.album_id IS NULL OR NOT EXISTS (SELECT 1 FROM ${this.#table('dim_album')} d WHERE d.album_id = f.album_id)`,
      artist: `f.primary_artist_id IS NULL OR NOT EXISTS (SELECT 1 FROM ${this.#table('dim_artist')} d WHERE d.artist_id = f.primary_artist_id)`,
      date: `NOT EXISTS (SELECT 1 FROM ${this.#table('dim_date')} d WHERE d.date_key = f.date_key)`,
      time: `NOT EXISTS (SELECT 1 FROM ${this.#table('dim_time')} d WHERE d.time_key = f.time_key)`,
    };
    const out: Record<string, number> = {};
    for (const [key, condition] of Object.entries(checks)) {
      const [row] = await this.#warehouse.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${f} f WHERE ${condition}`,
      );
      out[key] = row?.n ?? -1;
    }
    return out;
  }

  /**
   * Facts whose date_key/time_key differ from the local time PostgreSQL's own zone database gives
   * for played_at in the account's zone: a check of the normalizer's ICU arithmetic by another
   * implementation.
   */
  async localKeyMismatches(): Promise<number> {
    const [row] = await this.#warehouse.query<{ n: number }>(
      `SELECT count(*)::int AS n
         FROM ${this.#table('fact_play')} f
         JOIN ${this.#table('dim_account')} a ON a.account_id = f.account_id
        WHERE f.date_key <> to_char(f.played_at AT TIME ZONE a.time_zone, 'YYYYMMDD')::int
           OR f.time_key <> to_char(f.played_at AT TIME ZONE a.time_zone, 'HH24MI')::int`,
    );
    return row?.n ?? -1;
  }

  async artists(): Promise<Map<string, { name: string | null; is_inferred: boolean }>> {
    const rows = await this.#warehouse.query<{
      artist_id: string;
      name: string | null;
      is_inferred: boolean;
    }>(`SELECT artist_id, name, is_inferred FROM ${this.#table('dim_artist')}`);
    return new Map(rows.map(({ artist_id, ...rest }) => [artist_id, rest]));
  }

  async albums(): Promise<Map<string, { name: string | null; primary_artist_id: string | null }>> {
    const rows = await this.#warehouse.query<{
      album_id: string;
      name: string | null;
      primary_artist_id: string | null;
    }>(`SELECT album_id, name, primary_artist_id FROM ${this.#table('dim_album')}`);
    return new Map(rows.map(({ album_id, ...rest }) => [album_id, rest]));
  }

  /** Tracks with their artists in bridge order (position 1 first). */
  async tracks(): Promise<
    Map<string, { name: string | null; album_id: string | null; artist_ids: string[] }>
  > {
    const rows = await this.#warehouse.query<{
      track_id: string;
      name: string | null;
      album_id: string | null;
      artist_ids: string[];
    }>(
      `SELECT t.track_id, t.name, t.album_id,
              coalesce(array_agg(b.artist_id ORDER BY b.artist_position) FILTER (WHERE b.artist_id IS NOT NULL), '{}') AS artist_ids
         FROM ${this.#table('dim_track')} t
         LEFT JOIN ${this.#table('bridge_track_artist')} b ON b.track_id = t.track_id
        GROUP BY t.track_id, t.name, t.album_id`,
    );
    return new Map(rows.map(({ track_id, ...rest }) => [track_id, rest]));
  }

  async accounts(): Promise<Map<string, { display_name: string | null; time_zone: string | null }>> {
    const rows = await this.#warehouse.query<{
      account_id: string;
      display_name: string | null;
      time_zone: string | null;
    }>(`SELECT account_id, display_name, time_zone FROM ${this.#table('dim_account')}`);
    return new Map(rows.map(({ account_id, ...rest }) => [account_id, rest]));
  }

  /**
   * A digest of every table in the schema, every column included (updated_at, loaded_at too): two
   * equal results mean the warehouse did not change at all, not even a timestamp.
   */
  async contentDigest(): Promise<Record<string, TableDigest>> {
    const tables = await this.#warehouse.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
      [this.#schema],
    );
    const out: Record<string, TableDigest> = {};
    for (const { table_name } of tables) {
      const [row] = await this.#warehouse.query<{ rows: number; md5: string }>(
        `SELECT count(*)::int AS rows,
                md5(coalesce(string_agg(j, E'\\n' ORDER BY j COLLATE "C"), '')) AS md5
           FROM (SELECT to_jsonb(t)::text AS j FROM ${this.#table(table_name)} t) AS r`,
      );
      out[table_name] = { rows: row?.rows ?? -1, md5: row?.md5 ?? '' };
    }
    return out;
  }
}
