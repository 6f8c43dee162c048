/**
 * When a polled play and an imported play of one listen become one fact row, each side owns some
 * of its columns: the poller's timing, keys and context, and the export's listening details. Both
 * dialects' fact statements merge by these lists, so the rule is stated once.
 */
export const POLLED_COLUMNS: readonly string[] = [
  'played_at',
  'date_key',
  'time_key',
  'album_id',
  'primary_artist_id',
  'context_type',
  'context_uri',
  'source',
];

export const EXPORT_COLUMNS: readonly string[] = [
  'ms_played',
  'reason_start',
  'reason_end',
  'shuffle',
  'skipped',
  'offline',
  'history_played_at',
];

/**
 * Spotify writes some listens twice in an extended history, the copies differing only in flags.
 * When an exported play meets a row of the same listen that already carries export fields (same
 * history_played_at and ms_played), the two combine by a rule that does not depend on which came
 * first, so any order of files, runs and exports gives the same row: a flag is true if either says
 * so (null below false below true), a reason is the greater text (nulls lowest, byte order). The
 * importer combines the duplicate rows of one export by the same rule (listen-identity.ts).
 */
export const EXPORT_FLAG_COLUMNS: readonly string[] = ['shuffle', 'skipped', 'offline'];
export const EXPORT_TEXT_COLUMNS: readonly string[] = ['reason_start', 'reason_end'];

type ExportFields = {
  shuffle: boolean | null;
  skipped: boolean | null;
  offline: boolean | null;
  reason_start: string | null;
  reason_end: string | null;
};

const flag = (a: boolean | null, b: boolean | null) => (a === true || b === true ? true : (a ?? b));
const text = (a: string | null, b: string | null) => (a === null ? b : b === null || a >= b ? a : b);

/** Two exported records of one listen combined by the rule above (for two in one batch). */
export function combineExported<T extends ExportFields>(a: T, b: T): T {
  return {
    ...b,
    shuffle: flag(a.shuffle, b.shuffle),
    skipped: flag(a.skipped, b.skipped),
    offline: flag(a.offline, b.offline),
    reason_start: text(a.reason_start, b.reason_start),
    reason_end: text(a.reason_end, b.reason_end),
  };
}

/**
 * The local date and time keys of a row only an import has given (source still history_import)
 * follow the latest import of that listen (same played_at): importing again with a corrected
 * `--time-zone` re-derives them. A row merged with a polled play keeps the poller's keys.
 */
export const LOCAL_TIME_COLUMNS: readonly string[] = ['date_key', 'time_key'];
