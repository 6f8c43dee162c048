export {
  IMPORTER_CLI,
  type ImportCliExit,
  type ImportCliOptions,
  ImportCliProcess,
} from './import-cli-process.ts';
export {
  importToEnd,
  type KilledImport,
  type KillMidwayOptions,
  killImportMidway,
} from './kill-import-midway.ts';
export { polledRawPlay } from './polled-raw-play.ts';
export { readFactRows } from './read-fact-rows.ts';
export {
  type ExpectedPlay,
  type LongListening,
  type LongListeningOptions,
  longListening,
  MIN_KEPT_MS,
  writeListeningExport,
} from './ten-year-listening.ts';
export {
  checkAgainstTruth,
  type FactRow,
  LISTEN_MATCH_TOLERANCE_MS,
  type TruthCheckResult,
} from './truth-check.ts';
export {
  FINGERPRINT_TABLES,
  fingerprintDifferences,
  type RowSource,
  type TableFingerprint,
  type WarehouseFingerprint,
  warehouseFingerprint,
} from './warehouse-fingerprint.ts';
