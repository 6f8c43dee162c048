import assert from 'node:assert/strict';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertGoldenFiles } from '@spotify-pipeline/test-support';
import { mssqlReportStatements } from './mssql/statements.ts';
import { postgresReportStatements } from './postgres/statements.ts';
import { REPORT_QUERIES } from './queries.ts';

/**
 * Pins the exact text of every report query, for schema `spotify`, in both dialects (the T-SQL one
 * cannot run here). A deliberate change: run with UPDATE_GOLDEN=1 and review the diff.
 */
const suites = [
  { dialect: 'mssql', statements: mssqlReportStatements('spotify') },
  { dialect: 'postgres', statements: postgresReportStatements('spotify') },
] as const;

for (const { dialect, statements } of suites) {
  const dir = fileURLToPath(new URL(`./${dialect}/__golden__/`, import.meta.url));
  test(`${dialect} report statements match their golden files`, async (t) => {
    assert.deepEqual(Object.keys(statements).sort(), [...REPORT_QUERIES].sort());
    await assertGoldenFiles(dir, statements, `${dialect} report query`, (m) => t.diagnostic(m));
  });
}

test('report statements read the views of the schema given, never the tables', () => {
  for (const statements of [postgresReportStatements('other'), mssqlReportStatements('other')]) {
    for (const [name, text] of Object.entries(statements)) {
      assert.match(text, /(\[other\]|"other")\.v_(plays|podcast_plays)\b/, `${name} reads other.v_plays`);
      assert.doesNotMatch(text, /\b(fact_play|dim_\w+)\b/, `${name} reads a table`);
    }
  }
  assert.throws(() => postgresReportStatements('x"; drop'), /lower-case SQL identifier/);
});
