import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latestViewColumns, viewColumns } from './view-columns.ts';

const script = `
-- a comment, FROM nowhere
CREATE OR ALTER VIEW [{{schema}}].v_other AS SELECT a FROM t;
GO
CREATE OR ALTER VIEW [{{schema}}].v_plays AS
SELECT
  f.account_id,
  ac.display_name AS account_name, -- trailing comment, with a comma
  d.is_weekend,
  CAST(COALESCE(f.ms_played, tr.duration_ms) / 60000.0 AS DECIMAL(18, 6)) AS minutes_played,
  CAST(IIF(f.ms_played IS NULL, 1, 0) AS BIT) AS [ms_played_is_estimate]
FROM [{{schema}}].fact_play f
JOIN x ON y;
`;

test('viewColumns reads aliases, bare columns and casts of the named view only', () => {
  assert.deepEqual(viewColumns(script, 'v_plays'), [
    'account_id',
    'account_name',
    'is_weekend',
    'minutes_played',
    'ms_played_is_estimate',
  ]);
  assert.deepEqual(viewColumns(script, 'v_other'), ['a']);
});

test('viewColumns names a view that is not in the script', () => {
  assert.throws(() => viewColumns(script, 'v_missing'), /no CREATE VIEW v_missing/);
});

test('viewColumns refuses a select item without a name', () => {
  assert.throws(
    () => viewColumns('CREATE VIEW v AS SELECT COUNT(*) FROM t', 'v'),
    /cannot tell the output name of select item "COUNT\(\*\)"/,
  );
});

test('latestViewColumns reads the last migration that defines the view', () => {
  const later = `CREATE OR ALTER VIEW [{{schema}}].v_plays AS
SELECT f.account_id, CAST(COALESCE(tr.is_unavailable, 0) AS BIT) AS is_unavailable
FROM [{{schema}}].fact_play f;`;
  assert.deepEqual(latestViewColumns([script, later, 'ALTER TABLE t ADD c int;'], 'v_plays'), [
    'account_id',
    'is_unavailable',
  ]);
  assert.deepEqual(latestViewColumns([script, later], 'v_other'), ['a']);
  assert.throws(() => latestViewColumns([later], 'v_missing'), /no migration creates view v_missing/);
});
