/**
 * TODO(importer benchmark): import throughput from a generated 300,000-play export (the
 * simulator's `generateExport`) to fact rows, against a plain parse of the same files
 * (`readJsonArray`). Waits for services/importer to export a runnable import.
 */
export const IMPORTER_BENCH_PENDING = 'import benchmark: not yet implemented (services/importer pending)';

export function runImporterSuite(): { notes: string[] } {
  return { notes: [IMPORTER_BENCH_PENDING] };
}
