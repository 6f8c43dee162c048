import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { MigrationChecksumError, MigrationFileError } from '../errors.ts';
import type { Dialect, MigrationRef } from '../warehouse.ts';

export interface MigrationFile {
  version: number;
  /** The part of the file name after the version, e.g. `dimensions`. */
  name: string;
  fileName: string;
  /** sha256 (hex) of the file as stored, before the schema name is substituted. */
  checksum: string;
  text: string;
}

const FILE_NAME = /^(\d{3,})_([a-z0-9_]+)\.sql$/;
const SCHEMA_TOKEN = /\{\{schema\}\}/g;
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** `sql/<dialect>` at the repository root. */
export function migrationsDirectory(dialect: Dialect): string {
  return fileURLToPath(new URL(`../../../../sql/${dialect}/`, import.meta.url));
}

export function checksumOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Reads every `NNN_name.sql` in version order; any other `.sql` file or a repeated version is an error. */
export async function loadMigrations(directory: string): Promise<MigrationFile[]> {
  const names = (await readdir(directory)).filter((n) => n.endsWith('.sql')).sort();
  const files: MigrationFile[] = [];
  for (const fileName of names) {
    const match = FILE_NAME.exec(fileName);
    if (!match) {
      throw new MigrationFileError(
        `${directory}${fileName}: migration files must be named NNN_lower_snake.sql`,
      );
    }
    const version = Number(match[1]);
    const previous = files.at(-1);
    if (previous && previous.version === version) {
      throw new MigrationFileError(`${fileName} and ${previous.fileName} share version ${version}`);
    }
    const text = await readFile(`${directory}${fileName}`, 'utf8');
    files.push({ version, name: match[2]!, fileName, checksum: checksumOf(text), text });
  }
  return files;
}

export function assertSchemaName(schema: string): void {
  if (!IDENTIFIER.test(schema)) {
    throw new MigrationFileError(`schema name ${JSON.stringify(schema)} must be a lower-case SQL identifier`);
  }
}

/** The file's text for one schema; the name is checked so it can be spliced into SQL safely. */
export function renderMigration(text: string, schema: string): string {
  assertSchemaName(schema);
  return text.replace(SCHEMA_TOKEN, schema);
}

/**
 * Splits T-SQL on `GO` batch separators the way sqlcmd does: a line holding only GO (any case,
 * optional trailing comment or count). Batches holding only comments or blanks are dropped.
 */
export function splitBatches(text: string): string[] {
  const batches: string[] = [];
  let current: string[] = [];
  const flush = () => {
    const batch = current.join('\n').trim();
    const meaningful = batch.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
    if (meaningful) batches.push(batch);
    current = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*GO(\s+\d+)?\s*(--.*)?$/i.test(line)) flush();
    else current.push(line);
  }
  flush();
  return batches;
}

/** Throws MigrationChecksumError for the first applied migration whose file has changed since. */
export function verifyChecksums(
  applied: readonly { version: number; checksum: string }[],
  files: readonly MigrationFile[],
): void {
  const byVersion = new Map(files.map((f) => [f.version, f]));
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (file && file.checksum !== row.checksum) {
      throw new MigrationChecksumError(row.version, file.fileName, row.checksum, file.checksum);
    }
  }
}

/** The files whose version is not among the applied ones. */
export function pendingOf(
  files: readonly MigrationFile[],
  applied: readonly { version: number }[],
): MigrationRef[] {
  const done = new Set(applied.map((row) => Number(row.version)));
  return files.filter((f) => !done.has(f.version)).map(({ version, name }) => ({ version, name }));
}
