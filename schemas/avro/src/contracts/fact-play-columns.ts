/**
 * The columns of the warehouse's `fact_play` that one PlayFact fills, in the order the warehouse
 * stages and loads them (both dialects) and the bench's baselines copy them. `loaded_at` and the
 * flags the warehouse derives itself are not among them.
 */
export const FACT_PLAY_COLUMNS = [
  'account_id',
  'played_at',
  'date_key',
  'time_key',
  'track_id',
  'album_id',
  'primary_artist_id',
  'context_type',
  'context_uri',
  'ms_played',
  'source',
  'reason_start',
  'reason_end',
  'shuffle',
  'skipped',
  'offline',
  'history_played_at',
] as const;

export type FactPlayColumn = (typeof FACT_PLAY_COLUMNS)[number];
