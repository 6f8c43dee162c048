import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../errors/config-error.ts';
import { kafkaDependency, UnreachableError, warehouseDependency } from './reachable.ts';
import { describeFailure } from './run-command.ts';
import { parseCommandArgs, UsageError } from './usage-error.ts';

const USAGE = 'usage: spotify-pipeline thing';

test('a usage error is one line naming the command, then the usage, exit 2', () => {
  const outcome = describeFailure('spotify-pipeline thing', USAGE, new UsageError("unknown command 'x'"));
  assert.deepEqual(outcome, { code: 2, message: `spotify-pipeline thing: unknown command 'x'\n\n${USAGE}` });
});

test("parseArgs's unknown option becomes a usage error of its first sentence", () => {
  assert.throws(
    () => parseCommandArgs({ args: ['--bogus'], options: {} }),
    (error: unknown) => error instanceof UsageError && error.message === "unknown option '--bogus'",
  );
});

test('an unreachable server is one line, exit 69; a configuration error names its variables, exit 78', () => {
  const down = new UnreachableError(
    kafkaDependency(['127.0.0.1:1']),
    Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
  );
  const outcome = describeFailure('spotify-pipeline dlq', USAGE, down);
  assert.equal(outcome.code, 69);
  assert.match(
    outcome.message,
    /^spotify-pipeline dlq: Kafka is not reachable at 127\.0\.0\.1:1 \(ECONNREFUSED\): start/,
  );
  const config = describeFailure('p', USAGE, new ConfigError([{ variable: 'A', problem: 'required' }]));
  assert.equal(config.code, 78);
  assert.match(config.message, /^p: invalid configuration\n {2}A: required\n/);
});

test('any other failure is its message and cause, exit 1, the stack only when debugging', () => {
  const error = new Error('write failed', { cause: new Error('ECONNRESET') });
  const plain = describeFailure('p', USAGE, error);
  assert.equal(plain.code, 1);
  assert.equal(
    plain.message,
    'p: write failed\n  caused by: ECONNRESET\n  (LOG_LEVEL=debug shows the stack trace)',
  );
  assert.match(describeFailure('p', USAGE, error, true).message, /\n\s+at /);
});

test('the warehouse dependency is SQL Server when MSSQL_URL is set, never showing a password', () => {
  const pg = warehouseDependency({ DATABASE_URL: 'postgresql://u:secret@db:5433/x' });
  assert.deepEqual([pg.name, pg.addresses], ['PostgreSQL', ['db:5433']]);
  const mssql = warehouseDependency({
    DATABASE_URL: 'postgresql://db/x',
    MSSQL_URL: 'mssql://sa:pw@sql/spotify',
  });
  assert.deepEqual([mssql.name, mssql.addresses], ['SQL Server', ['sql:1433']]);
});
