import { NonRetriableError } from '@spotify-pipeline/runtime';

/**
 * A file of the export cannot be read: unreadable, not a JSON array, or a corrupt zip entry. It
 * names the file (and the entry inside the zip) so a person can find it; the other files of the
 * export still import.
 */
export class ExportReadError extends NonRetriableError {
  /** The path on disk: the file, or the zip that holds the entry. */
  readonly file: string;
  /** The entry's name inside the zip, when the file is one. */
  readonly entry: string | null;

  constructor(what: string, file: string, entry: string | null, options: { cause?: unknown } = {}) {
    const where = entry === null ? file : `${file} (entry ${entry})`;
    const cause = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`${where}: ${what}${cause}`, options);
    this.file = file;
    this.entry = entry;
  }
}
