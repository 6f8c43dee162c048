import assert from 'node:assert/strict';
import test from 'node:test';
import { NonRetriableError, RetriableError } from '@spotify-pipeline/runtime';
import { classifySqlServerError } from './mssql/classify-error.ts';
import { sqlServerConfig } from './mssql/connection-config.ts';
import { classifyPostgresError } from './postgres/classify-error.ts';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

test('PostgreSQL: deadlocks, serialization failures and lost connections are retriable; constraints are not', () => {
  for (const code of ['40P01', '40001', '08006', 'ECONNREFUSED']) {
    const e = classifyPostgresError(pgError(code), 'writing');
    assert.ok(e instanceof RetriableError, code);
    assert.equal((e.cause as Error).message, `pg ${code}`);
  }
  for (const code of ['23505', '23503', '22P02', '42P01']) {
    assert.ok(classifyPostgresError(pgError(code), 'writing') instanceof NonRetriableError, code);
  }
  assert.ok(
    classifyPostgresError(new Error('Connection terminated unexpectedly'), 'x') instanceof RetriableError,
  );
});

test('SQL Server: deadlock victim 1205 and socket errors are retriable; 2627 and 547 are not', () => {
  const msError = (number: number) => Object.assign(new Error(`ms ${number}`), { number });
  assert.ok(classifySqlServerError(msError(1205), 'merging') instanceof RetriableError);
  assert.match(classifySqlServerError(msError(1205), 'merging').message, /merging failed.*1205/);
  assert.ok(
    classifySqlServerError(Object.assign(new Error('socket'), { code: 'ESOCKET' }), 'x') instanceof
      RetriableError,
  );
  assert.ok(classifySqlServerError(msError(2627), 'x') instanceof NonRetriableError);
  assert.ok(classifySqlServerError(msError(547), 'x') instanceof NonRetriableError);
});

test('MSSQL_URL is read into an mssql config', () => {
  const config = sqlServerConfig('mssql://sa:p%40ss@db.local:1444/warehouse?trustServerCertificate=true');
  assert.equal(config.server, 'db.local');
  assert.equal(config.port, 1444);
  assert.equal(config.user, 'sa');
  assert.equal(config.password, 'p@ss');
  assert.equal(config.database, 'warehouse');
  assert.deepEqual(config.options, { encrypt: true, trustServerCertificate: true });
  assert.throws(() => sqlServerConfig('mssql://db.local'), /MSSQL_URL: must name a host and a database/);
});
