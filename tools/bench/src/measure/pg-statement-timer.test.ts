import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statementLabel } from './pg-statement-timer.ts';

test('statements are labelled by what they do, without the schema', () => {
  assert.equal(statementLabel('BEGIN'), 'BEGIN');
  assert.equal(statementLabel('commit'), 'COMMIT');
  assert.equal(statementLabel('CREATE TEMP TABLE stage_artist (...)'), 'create staging tables');
  assert.equal(statementLabel('COPY stage_play (account_id) FROM STDIN'), 'COPY into stage_play');
  assert.equal(statementLabel('COPY "s".bench_copy (a) FROM STDIN'), 'COPY into bench_copy');
  assert.equal(
    statementLabel(
      'WITH written AS (\n  INSERT INTO "s".dim_track AS t (track_id) SELECT x ON CONFLICT (track_id) DO UPDATE SET a = 1',
    ),
    'upsert dim_track',
  );
  assert.equal(
    statementLabel(
      'INSERT INTO "s".dim_album (album_id, is_inferred, updated_at)\nSELECT k.id, true, now() FROM k',
    ),
    'infer dim_album',
  );
  assert.equal(
    statementLabel('INSERT INTO "s".fact_play (account_id, played_at) SELECT'),
    'insert fact_play',
  );
  assert.equal(
    statementLabel(
      'WITH removed AS (DELETE ...), written AS (INSERT INTO "s".bridge_track_artist AS t (a) SELECT a FROM x ON CONFLICT (a) DO UPDATE SET a = 1',
    ),
    'upsert bridge_track_artist',
  );
  assert.equal(
    statementLabel(
      'WITH staged AS (SELECT s.account_id FROM stage_play s) INSERT INTO "s".fact_play (account_id) SELECT * FROM staged ON CONFLICT DO NOTHING',
    ),
    'insert fact_play',
  );
  assert.equal(statementLabel('SELECT count(pg_advisory_xact_lock(hashtext(x)))'), 'advisory lock');
});
