import { FACT_PLAY_COLUMNS, type PlayFact } from '@spotify-pipeline/avro';

/** fact_play's columns the baselines fill, in order (loaded_at takes its default; a bench fact has no history time). */
export const FACT_COLUMNS = FACT_PLAY_COLUMNS.filter((c) => c !== 'history_played_at');

export type FactRowValue = string | number | boolean | null;

/** A PlayFact as fact_play's column values; played_at as ISO text, so no driver rounds it. */
export function factRow(f: PlayFact): FactRowValue[] {
  return [
    f.account_id,
    f.played_at.toISOString(),
    f.local_date_key,
    f.local_time_key,
    f.track_id,
    f.album_id,
    f.primary_artist_id,
    f.context_type,
    f.context_uri,
    f.ms_played,
    f.source,
    f.reason_start,
    f.reason_end,
    f.shuffle,
    f.skipped,
    f.offline,
  ];
}

/** One line of COPY's text format: tab-separated, `\N` for null, backslash escapes. */
export function copyLine(values: readonly FactRowValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    if (i > 0) line += '\t';
    if (v === null || v === undefined) line += '\\N';
    else if (typeof v === 'string') line += v.replace(/[\\\t\n\r]/g, escapeChar);
    else line += v === true ? 't' : v === false ? 'f' : String(v);
  }
  return `${line}\n`;
}

function escapeChar(c: string): string {
  return c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r';
}

/** `INSERT ... VALUES ($1..), ($17..) ... ON CONFLICT DO NOTHING` for `rows` rows. */
export function multiRowInsert(qualifiedTable: string, rows: number): string {
  const width = FACT_COLUMNS.length;
  const tuples = Array.from(
    { length: rows },
    (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`,
  );
  return `INSERT INTO ${qualifiedTable} (${FACT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (account_id, played_at) DO NOTHING`;
}
