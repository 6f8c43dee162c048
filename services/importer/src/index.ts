export {
  CheckpointError,
  CheckpointStore,
  DEFAULT_STATE_DIR,
  type FileCheckpoint,
  type ImportCheckpoint,
} from './checkpoint-store.ts';
export * from './enrichment/index.ts';
export { classifyExportFile, type ExportFileKind, type ExportFormat } from './export/classify-file.ts';
export type { ExportFile } from './export/export-file.ts';
export { ExportReadError } from './export/export-read-error.ts';
export { normaliseOfflineTimestamp } from './export/offline-timestamp.ts';
export { type OpenedExport, openExport } from './export/open-export.ts';
export {
  isSyntheticTrackId,
  normaliseName,
  syntheticTrackId,
  UNRESOLVED_PREFIX,
} from './export/synthetic-track-id.ts';
export { ImportOptionsError } from './import-options-error.ts';
export {
  formatSummary,
  type ImportCounts,
  type ImportSummary,
  type MalformedExample,
} from './import-summary.ts';
export { type JsonArrayElement, JsonArrayParser, readJsonArray } from './json/json-array-parser.ts';
export { JsonArraySyntaxError } from './json/json-array-syntax-error.ts';
export {
  type MapOptions,
  type MappedEntry,
  mapExportPlay,
  type Resolution,
  SKIP_REASONS,
  type SkipReason,
} from './map-export-play.ts';
export { type ImportProgress, ProgressBar, silentProgress } from './progress-bar.ts';
export { type ImportOptions, RESOLUTION_HEADER, runImport } from './run-import.ts';
