import { NonRetriableError } from '@spotify-pipeline/runtime';

/** A record the warehouse cannot load as it is; retrying the same record cannot help. */
export class InvalidRecordError extends NonRetriableError {
  readonly table: string;
  readonly index: number;
  readonly field: string;

  constructor(table: string, index: number, field: string, problem: string) {
    super(`invalid ${table} record at index ${index}: ${field} ${problem}`);
    this.table = table;
    this.index = index;
    this.field = field;
  }
}

/** A migration already applied has been edited since; the database and the files disagree. */
export class MigrationChecksumError extends NonRetriableError {
  readonly version: number;
  readonly fileName: string;

  constructor(version: number, fileName: string, applied: string, now: string) {
    super(
      `migration ${fileName} (version ${version}) was applied with checksum ${applied} but the file now hashes to ${now}; ` +
        'applied migrations must never change: add a new migration instead',
    );
    this.version = version;
    this.fileName = fileName;
  }
}

/** The migration folder holds a file the runner cannot place in order. */
export class MigrationFileError extends NonRetriableError {}
