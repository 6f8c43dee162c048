import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '@spotify-pipeline/runtime';
import { loadSinkConfig } from './config.ts';

test('defaults: one group, two writers, batches of 20,000 records or 200 ms', () => {
  const config = loadSinkConfig({});
  assert.equal(config.SINK_GROUP_ID, 'spotify-pipeline.sink');
  assert.equal(config.SINK_BATCH_SIZE, 20_000);
  assert.equal(config.SINK_BATCH_LINGER_MS, 200);
  assert.equal(config.SINK_WRITERS, 2);
  assert.ok(config.SINK_PARTITIONS_CONCURRENCY >= 18, 'covers every partition of the five topics');
});

test('the group id derives from TOPIC_PREFIX unless set: deployments sharing a cluster never share it', () => {
  assert.equal(loadSinkConfig({ TOPIC_PREFIX: 'staging.' }).SINK_GROUP_ID, 'staging.spotify-pipeline.sink');
  assert.equal(loadSinkConfig({ TOPIC_PREFIX: 'staging.', SINK_GROUP_ID: 'g' }).SINK_GROUP_ID, 'g');
});

test('a wrong value is reported by variable name', () => {
  assert.throws(
    () => loadSinkConfig({ SINK_BATCH_SIZE: '0', SINK_BATCH_LINGER_MS: 'soon' }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.problems.some((p) => p.variable === 'SINK_BATCH_SIZE') &&
      error.problems.some((p) => p.variable === 'SINK_BATCH_LINGER_MS'),
  );
});
