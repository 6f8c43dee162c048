import assert from 'node:assert/strict';
import { test } from 'node:test';
import { samplePlayFact } from '@spotify-pipeline/avro/testing';
import { copyLine, FACT_COLUMNS, factRow, multiRowInsert } from './fact-rows.ts';

test('a fact row has one value per column, played_at as ISO text with its milliseconds', () => {
  const row = factRow(samplePlayFact());
  assert.equal(row.length, FACT_COLUMNS.length);
  assert.equal(row[1], '2024-03-31T00:59:59.123Z');
});

test('COPY text escapes tabs, newlines and backslashes and writes null as \\N', () => {
  const line = copyLine(['a\tb', 'c\nd', 'e\\f', null, true, false, 12]);
  assert.equal(line, 'a\\tb\tc\\nd\te\\\\f\t\\N\tt\tf\t12\n');
});

test('a multi-row INSERT numbers its parameters row by row and ignores conflicts', () => {
  const sql = multiRowInsert('"s".t', 2);
  assert.match(
    sql,
    /VALUES \(\$1, .*\$16\), \(\$17, .*\$32\) ON CONFLICT \(account_id, played_at\) DO NOTHING$/,
  );
});
