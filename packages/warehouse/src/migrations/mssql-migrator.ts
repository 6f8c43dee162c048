import { RetriableError } from '@spotify-pipeline/runtime';
import sql from 'mssql';
import { classifySqlServerError } from '../mssql/classify-error.ts';
import {
  createMigrationsTable,
  migrationLockResource,
  recordMigration,
  selectAppliedMigrations,
} from '../mssql/statements.ts';
import type { MigrationReport } from '../warehouse.ts';
import { type MigrationFile, renderMigration, splitBatches, verifyChecksums } from './migration-files.ts';

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

const LOCK_TIMEOUT_MS = 120_000;

/**
 * Like migratePostgres: each pending file (split on GO into batches) runs in its own transaction
 * with its bookkeeping row, under an exclusive transaction-owned applock per schema.
 */
export async function migrateSqlServer(
  pool: sql.ConnectionPool,
  schema: string,
  files: readonly MigrationFile[],
): Promise<MigrationReport> {
  const report: MigrationReport = { dialect: 'mssql', schema, applied: [], skipped: [] };
  const inTransaction = async <T>(doing: string, work: (tx: sql.Transaction) => Promise<T>): Promise<T> => {
    const tx = new sql.Transaction(pool);
    let begun = false;
    try {
      await tx.begin();
      begun = true;
      const lock = await new sql.Request(tx)
        .input('Resource', sql.NVarChar(255), migrationLockResource(schema))
        .input('LockMode', sql.NVarChar(32), 'Exclusive')
        .input('LockOwner', sql.NVarChar(32), 'Transaction')
        .input('LockTimeout', sql.Int, LOCK_TIMEOUT_MS)
        .execute('sp_getapplock');
      if (typeof lock.returnValue !== 'number' || lock.returnValue < 0) {
        throw new RetriableError(
          `could not take the migration lock for schema ${schema} (sp_getapplock returned ${lock.returnValue})`,
        );
      }
      const result = await work(tx);
      await tx.commit();
      return result;
    } catch (error) {
      if (begun) await tx.rollback().catch(() => undefined);
      throw classifySqlServerError(error, doing);
    }
  };

  const applied = await inTransaction('creating schema_migrations', async (tx) => {
    await new sql.Request(tx).batch(createMigrationsTable(schema));
    return (await new sql.Request(tx).query<AppliedRow>(selectAppliedMigrations(schema))).recordset;
  });
  verifyChecksums(applied, files);

  for (const file of files) {
    const didApply = await inTransaction(`applying migration ${file.fileName}`, async (tx) => {
      const now = (await new sql.Request(tx).query<AppliedRow>(selectAppliedMigrations(schema))).recordset;
      if (now.some((row) => row.version === file.version)) {
        verifyChecksums(now, [file]);
        return false;
      }
      for (const batch of splitBatches(renderMigration(file.text, schema))) {
        await new sql.Request(tx).batch(batch);
      }
      await new sql.Request(tx)
        .input('version', sql.Int, file.version)
        .input('name', sql.NVarChar(200), file.name)
        .input('checksum', sql.Char(64), file.checksum)
        .query(recordMigration(schema));
      return true;
    });
    (didApply ? report.applied : report.skipped).push({ version: file.version, name: file.name });
  }
  return report;
}
