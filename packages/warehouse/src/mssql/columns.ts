import { FACT_PLAY_COLUMNS, type FactPlayColumn } from '@spotify-pipeline/avro';

// The shapes both the SQL Server statements and the listen-matching statements build from.

export const BIN = 'Latin1_General_100_BIN2';

export interface Column {
  name: string;
  /** The OPENJSON type; strings are read as NVARCHAR(MAX) so an over-long value fails loudly on insert instead of being cut. */
  type: string;
  /** Compared/joined under the binary collation. */
  text?: boolean;
  key?: boolean;
}

export const id = (name: string): Column => ({ name, type: 'NVARCHAR(128)', text: true, key: true });
export const str = (name: string): Column => ({ name, type: 'NVARCHAR(MAX)', text: true });
export const int = (name: string): Column => ({ name, type: 'INT' });
export const bit = (name: string): Column => ({ name, type: 'BIT' });

/** The T-SQL type of each fact column (the list and its order are the contracts'). */
const PLAY_COLUMN_TYPES: Record<FactPlayColumn, (name: string) => Column> = {
  account_id: id,
  played_at: (name) => ({ name, type: 'DATETIME2(3)' }),
  date_key: int,
  time_key: (name) => ({ name, type: 'SMALLINT' }),
  track_id: id,
  album_id: id,
  primary_artist_id: id,
  context_type: str,
  context_uri: str,
  ms_played: (name) => ({ name, type: 'BIGINT' }),
  source: str,
  reason_start: str,
  reason_end: str,
  shuffle: bit,
  skipped: bit,
  offline: bit,
  history_played_at: (name) => ({ name, type: 'DATETIME2(3)' }),
};

export const PLAY_COLUMNS: readonly Column[] = FACT_PLAY_COLUMNS.map((c) => PLAY_COLUMN_TYPES[c](c));

/**
 * `SELECT ... FROM OPENJSON(@rows) WITH (...)`: element i of each row array is column i. `extra`
 * appends computed columns (`expression AS name`).
 */
export function openJsonSource(
  columns: readonly Column[],
  param = '@rows',
  extra: readonly string[] = [],
): string {
  const select = columns.map((c) => (c.key ? `j.${c.name} COLLATE ${BIN} AS ${c.name}` : `j.${c.name}`));
  const shape = columns.map((c, i) => `${c.name} ${c.type} '$[${i}]'`);
  return `SELECT ${[...select, ...extra].join(', ')}\n  FROM OPENJSON(${param}) WITH (${shape.join(', ')}) AS j`;
}

export const binary = (alias: string, c: Column) =>
  c.text ? `${alias}.${c.name} COLLATE ${BIN}` : `${alias}.${c.name}`;
