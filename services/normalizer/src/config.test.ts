import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@spotify-pipeline/runtime';
import { loadNormalizerConfig } from './config.ts';

describe('loadNormalizerConfig', () => {
  it('has a default for everything', () => {
    const config = loadNormalizerConfig({});
    assert.equal(config.NORMALIZER_GROUP_ID, 'spotify-pipeline.normalizer');
    assert.equal(config.NORMALIZER_DIMENSION_CACHE_SIZE, 50_000);
    assert.equal(config.NORMALIZER_DIMENSION_CACHE_TTL_MS, 3_600_000);
    assert.equal(config.NORMALIZER_MAX_MESSAGES_PER_SEND, 1_000);
    assert.deepEqual(config.KAFKA_BROKERS, ['127.0.0.1:9092']);
    assert.equal(config.TOPIC_PREFIX, '');
  });

  it('derives the group id from TOPIC_PREFIX unless it is set', () => {
    const config = loadNormalizerConfig({ TOPIC_PREFIX: 'staging.' });
    assert.equal(config.NORMALIZER_GROUP_ID, 'staging.spotify-pipeline.normalizer');
  });

  it('reads the variables and names every wrong one', () => {
    const config = loadNormalizerConfig({ NORMALIZER_DIMENSION_CACHE_SIZE: '0', NORMALIZER_GROUP_ID: 'g' });
    assert.equal(config.NORMALIZER_DIMENSION_CACHE_SIZE, 0);
    assert.equal(config.NORMALIZER_GROUP_ID, 'g');
    assert.throws(
      () =>
        loadNormalizerConfig({
          NORMALIZER_DIMENSION_CACHE_TTL_MS: '0',
          NORMALIZER_MAX_MESSAGES_PER_SEND: 'lots',
        }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems
          .map((p) => p.variable)
          .sort()
          .join() === 'NORMALIZER_DIMENSION_CACHE_TTL_MS,NORMALIZER_MAX_MESSAGES_PER_SEND',
    );
  });
});
