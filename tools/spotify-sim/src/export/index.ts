export {
  type ExportFromTruthOptions,
  type RemovedTrackPlay,
  type TruthExport,
  writeExportFromTruth,
} from './export-from-truth.ts';
export { accountDataEntry, type ExportPlay, extendedEntry } from './export-play.ts';
export {
  type ExportFormatName,
  ExportWriter,
  type ExportWriterOptions,
  type WrittenExport,
} from './export-writer.ts';
export {
  type ExpectedImport,
  type GeneratedExport,
  type GenerateExportOptions,
  generateExport,
} from './generate-export.ts';
export { simCatalogue } from './sim-catalogue.ts';
export { type ZipEntryInfo, ZipWriter } from './zip-writer.ts';
