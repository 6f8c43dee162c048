import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors/config-error.ts';
import { EXIT_CONFIG, formatConfigError, loadConfigOrExit } from './load-config-or-exit.ts';

test('a valid configuration is returned as it is', () => {
  assert.deepEqual(
    loadConfigOrExit('test', () => ({ PORT: 1 })),
    { PORT: 1 },
  );
});

test('an error that is not about configuration is thrown, not turned into an exit', () => {
  assert.throws(
    () =>
      loadConfigOrExit('test', () => {
        throw new TypeError('a bug');
      }),
    TypeError,
  );
});

test('the report names the program and every wrong variable, one per line', () => {
  const error = new ConfigError([
    { variable: 'KAFKA_BROKERS', problem: 'required' },
    { variable: 'HTTP_PORT', problem: 'must be an integer between 0 and 65535' },
  ]);
  assert.equal(
    formatConfigError('sink', error),
    'sink: invalid configuration\n  KAFKA_BROKERS: required\n  HTTP_PORT: must be an integer between 0 and 65535',
  );
});

test('a wrong variable ends the process with EX_CONFIG and no stack trace', () => {
  const module = fileURLToPath(new URL('./load-config-or-exit.ts', import.meta.url));
  const errors = fileURLToPath(new URL('../errors/config-error.ts', import.meta.url));
  const script = `
    const { loadConfigOrExit } = await import(${JSON.stringify(module)});
    const { ConfigError } = await import(${JSON.stringify(errors)});
    loadConfigOrExit('demo', () => { throw new ConfigError([{ variable: 'SINK_WRITERS', problem: 'must be >= 1' }]); });
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(run.status, EXIT_CONFIG);
  assert.equal(run.stderr, 'demo: invalid configuration\n  SINK_WRITERS: must be >= 1\n');
});
