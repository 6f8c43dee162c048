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
