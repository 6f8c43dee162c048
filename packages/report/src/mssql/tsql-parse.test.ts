import assert from 'node:assert/strict';
import test from 'node:test';
import { init, parse } from '@guanmingchiu/sqlparser-ts';
import { mssqlReportStatements } from './statements.ts';

/** Every T-SQL report query must parse with sqlparser-rs's MS SQL dialect (no server runs here). */
test('every T-SQL report query parses with the mssql dialect', async () => {
  await init();
  const failures: string[] = [];
  for (const [name, text] of Object.entries(mssqlReportStatements('spotify'))) {
    try {
      assert.ok(parse(text, 'mssql').length === 1, `${name} is one statement`);
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}\n${text}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('the parse check can fail: a PostgreSQL-only query is refused', async () => {
  await init();
  assert.throws(() => parse('SELECT count(*) FILTER (WHERE x) AS n FROM t LIMIT 1 OFFSET', 'mssql'));
});
