import type pg from 'pg';
import { classifyPostgresError } from '../postgres/classify-error.ts';
import {
  createMigrationsTable,
  MIGRATION_LOCK,
  recordMigration,
  selectAppliedMigrations,
} from '../postgres/statements.ts';
import type { MigrationRef, MigrationReport } from '../warehouse.ts';
import { type MigrationFile, renderMigration, verifyChecksums } from './migration-files.ts';

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Applies the pending files in order, each in its own transaction together with its bookkeeping
 * row, under a transaction-scoped advisory lock per schema: a second migrator waits, then finds the
 * file applied and skips it. Checksums of applied files are compared before anything is applied.
 */
export async function migratePostgres(
  pool: pg.Pool,
  schema: string,
  files: readonly MigrationFile[],
): Promise<MigrationReport> {
  const lockKey = `spotify-pipeline:migrate:${schema}`;
  const client = await pool.connect().catch((error: unknown) => {
    throw classifyPostgresError(error, 'connecting to PostgreSQL to migrate');
  });
  const report: MigrationReport = { dialect: 'postgres', schema, applied: [], skipped: [] };
  try {
    const inTransaction = async <T>(doing: string, work: () => Promise<T>): Promise<T> => {
      try {
        await client.query('BEGIN');
        await client.query(MIGRATION_LOCK, [lockKey]);
        const result = await work();
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw classifyPostgresError(error, doing);
      }
    };

    const applied = await inTransaction('creating schema_migrations', async () => {
      await client.query(createMigrationsTable(schema));
      return (await client.query<AppliedRow>(selectAppliedMigrations(schema))).rows;
    });
    verifyChecksums(applied, files);

    for (const file of files) {
      const ref: MigrationRef = { version: file.version, name: file.name };
      const didApply = await inTransaction(`applying migration ${file.fileName}`, async () => {
        // Another migrator may have applied it while this one waited for the lock.
        const now = await client.query<AppliedRow>(`${selectAppliedMigrations(schema)}`);
        if (now.rows.some((row) => row.version === file.version)) {
          verifyChecksums(now.rows, [file]);
          return false;
        }
        await client.query(renderMigration(file.text, schema));
        await client.query(recordMigration(schema), [file.version, file.name, file.checksum]);
        return true;
      });
      (didApply ? report.applied : report.skipped).push(ref);
    }
    return report;
  } finally {
    client.release();
  }
}
