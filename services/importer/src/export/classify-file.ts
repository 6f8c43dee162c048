/** The two shapes Spotify exports listening in. */
export type ExportFormat = 'extended' | 'account-data';

/**
 * What a file holds, told by its name as Spotify names them. `format: 'auto'` is for a file given
 * by hand under another name: its first entry decides.
 */
export interface ExportFileKind {
  readonly format: ExportFormat | 'auto';
  /** `video` and `podcast` files are read only to count their plays as skipped. */
  readonly content: 'audio' | 'video' | 'podcast';
}

const RULES: readonly [RegExp, ExportFileKind][] = [
  // Extended streaming history ("Spotify Extended Streaming History"): current and older names.
  [/^Streaming_History_Audio_.*\.json$/i, { format: 'extended', content: 'audio' }],
  [/^Streaming_History_Video_.*\.json$/i, { format: 'extended', content: 'video' }],
  [/^endsong(_\d+)?\.json$/i, { format: 'extended', content: 'audio' }],
  // Account data ("Account data" request): a year of plays, names only.
  [/^StreamingHistory_podcast_?\d*\.json$/i, { format: 'account-data', content: 'podcast' }],
  [/^StreamingHistory(_music)?_?\d*\.json$/i, { format: 'account-data', content: 'audio' }],
];

/** Which history a file holds, by its base name; null for every other file of an export. */
export function classifyExportFile(baseName: string): ExportFileKind | null {
  for (const [pattern, kind] of RULES) if (pattern.test(baseName)) return kind;
  return null;
}

/** The format a file of unknown name has, judged from one of its entries. */
export function sniffFormat(entry: unknown): ExportFormat | null {
  if (entry === null || typeof entry !== 'object') return null;
  if ('ts' in entry || 'spotify_track_uri' in entry) return 'extended';
  if ('endTime' in entry) return 'account-data';
  return null;
}
