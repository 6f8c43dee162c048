import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '@spotify-pipeline/runtime';
import { loadStackConfig, REPO_ROOT } from './config.ts';

test('defaults: the shared broker in .cache/kafka on 9092/9093, the machine Redis and PostgreSQL', () => {
  const config = loadStackConfig({});
  assert.equal(config.cacheDir, resolve(REPO_ROOT, '.cache/kafka'));
  assert.equal(config.kafkaHost, '127.0.0.1');
  assert.equal(config.kafkaPort, 9092);
  assert.equal(config.controllerPort, 9093);
  assert.equal(config.readyTimeoutMs, 90_000);
  assert.equal(config.redisUrl, 'redis://127.0.0.1:6379');
  assert.equal(config.pomPath, resolve(REPO_ROOT, 'infra/kafka/pom.xml'));
});

test('a second broker: own cache folder and ports from the environment', () => {
  const config = loadStackConfig({
    STACK_CACHE_DIR: '/tmp/k2',
    KAFKA_BROKERS: '127.0.0.1:9192',
    KAFKA_HEAP: '512m',
  });
  assert.equal(config.cacheDir, '/tmp/k2');
  assert.equal(config.kafkaPort, 9192);
  assert.equal(config.controllerPort, 9193);
  assert.equal(config.heap, '512m');
});

test('bad values are named', () => {
  assert.throws(
    () => loadStackConfig({ KAFKA_HEAP: 'lots', STACK_READY_TIMEOUT_MS: '5' }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.problems.some((p) => p.variable === 'KAFKA_HEAP') &&
      error.problems.some((p) => p.variable === 'STACK_READY_TIMEOUT_MS'),
  );
});
