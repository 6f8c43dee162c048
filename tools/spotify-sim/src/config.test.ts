import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '@spotify-pipeline/runtime';
import { loadSimConfig } from './config.ts';

test('server configuration: defaults, lists, and errors naming the variable', () => {
  const config = loadSimConfig({
    SIM_SPEED: '60',
    SIM_REDIRECT_URIS: 'http://127.0.0.1:1/a, https://x.example/b',
  });
  assert.equal(config.SIM_SPEED, 60);
  assert.equal(config.SIM_ACCOUNTS, 5);
  assert.deepEqual(config.SIM_REDIRECT_URIS, ['http://127.0.0.1:1/a', 'https://x.example/b']);
  assert.throws(
    () => loadSimConfig({ SIM_PORT: 'eighty' }),
    (error: unknown) => error instanceof ConfigError && /SIM_PORT/.test(error.message),
  );
});
