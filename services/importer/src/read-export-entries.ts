import type { ExportFile } from './export/export-file.ts';
import { ExportReadError } from './export/export-read-error.ts';
import { type JsonArrayElement, readJsonArray } from './json/json-array-parser.ts';

/**
 * The entries of one export file, one at a time. Whatever goes wrong reading it (cannot open, a
 * corrupt zip entry, not a JSON array) comes out as an ExportReadError naming the file and entry,
 * so the caller can tell a bad file, which it passes over, from its own failures, which it cannot.
 */
export async function* readExportEntries(file: ExportFile): AsyncGenerator<JsonArrayElement> {
  try {
    yield* readJsonArray(await file.open());
  } catch (error) {
    if (error instanceof ExportReadError) throw error;
    const what =
      error instanceof Error && error.name === 'JsonArraySyntaxError'
        ? 'not a JSON array of plays'
        : 'cannot read';
    throw new ExportReadError(what, file.path, file.entry, { cause: error });
  }
}
