import assert from 'node:assert/strict';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertGoldenFiles } from '@spotify-pipeline/test-support';
import {
  mssqlEnrichmentStatements,
  postgresEnrichmentStatements,
} from './enrichment/enrichment-statements.ts';
import { allMssqlStatements } from './mssql/statements.ts';
import { allPostgresStatements } from './postgres/statements.ts';

/**
 * Pins the exact text of every statement the writers and migrators send, for schema `spotify`.
 * A deliberate change: run with UPDATE_GOLDEN=1 and review the diff of the __golden__ files.
 */
const suites = [
  {
    dialect: 'mssql',
    statements: { ...allMssqlStatements('spotify'), ...mssqlEnrichmentStatements('spotify') },
  },
  {
    dialect: 'postgres',
    statements: { ...allPostgresStatements('spotify'), ...postgresEnrichmentStatements('spotify') },
  },
] as const;

for (const { dialect, statements } of suites) {
  const dir = fileURLToPath(new URL(`./${dialect}/__golden__/`, import.meta.url));
  test(`${dialect} statements match their golden files`, (t) =>
    assertGoldenFiles(dir, statements, `${dialect} statement`, (m) => t.diagnostic(m)));
}

test('statements are schema-qualified with the schema given', () => {
  assert.match(
    allMssqlStatements('other_schema').merge_plays!,
    /^MERGE \[other_schema\]\.fact_play WITH \(HOLDLOCK\)/m,
  );
  assert.match(allPostgresStatements('other_schema').write_plays!, /INSERT INTO "other_schema"\.fact_play/);
});
