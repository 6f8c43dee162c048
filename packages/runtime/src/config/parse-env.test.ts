import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { ConfigError } from '../errors/index.ts';
import { kafkaEnv, redisEnv, warehouseEnv } from './common.ts';
import { envBool, envInt } from './fields.ts';
import { parseEnv } from './parse-env.ts';

describe('parseEnv', () => {
  it('applies defaults for unset and empty variables', () => {
    const env = parseEnv({ ...kafkaEnv, ...redisEnv }, { KAFKA_BROKERS: '' });
    assert.deepEqual(env.KAFKA_BROKERS, ['127.0.0.1:9092']);
    assert.equal(env.REDIS_URL, 'redis://127.0.0.1:6379');
  });

  it('parses lists, integers and booleans from strings', () => {
    const env = parseEnv(
      { ...kafkaEnv, SIZE: envInt(1, 100), ON: envBool },
      { KAFKA_BROKERS: 'a:1, b:2', SIZE: '42', ON: 'yes' },
    );
    assert.deepEqual(env.KAFKA_BROKERS, ['a:1', 'b:2']);
    assert.equal(env.SIZE, 42);
    assert.equal(env.ON, true);
  });

  it('names every wrong or missing variable in one error', () => {
    const shape = { ...kafkaEnv, ...warehouseEnv, SECRET: z.string().min(10), SIZE: envInt(1, 100) };
    const error = (() => {
      try {
        parseEnv(shape, { KAFKA_BROKERS: 'no-port', SIZE: '1000', DATABASE_URL: 'mysql://x' });
      } catch (e) {
        return e;
      }
    })();
    assert.ok(error instanceof ConfigError);
    assert.deepEqual(error.problems.map((p) => p.variable).sort(), [
      'DATABASE_URL',
      'KAFKA_BROKERS',
      'SECRET',
      'SIZE',
    ]);
    assert.match(error.message, /SECRET: is required but not set/);
    assert.equal(error.retriable, false);
  });

  it('names a value of the wrong type as such, not as unset', () => {
    const shape = {
      SINK_BATCH_SIZE: envInt(1, 10_000),
      POLL_INTERVAL_ACTIVE_MS: envInt(100, 60_000),
      ON: envBool,
    };
    const error = (() => {
      try {
        parseEnv(shape, { SINK_BATCH_SIZE: 'abc', POLL_INTERVAL_ACTIVE_MS: '2s', ON: 'maybe' });
      } catch (e) {
        return e;
      }
    })();
    assert.ok(error instanceof ConfigError);
    assert.doesNotMatch(error.message, /not set/);
    assert.match(
      error.message,
      /SINK_BATCH_SIZE: is set but is not a number \(must be a whole number from 1 to 10000\)/,
    );
    assert.match(error.message, /POLL_INTERVAL_ACTIVE_MS: is set but is not a number/);
    assert.match(error.message, /ON: must be true or false/);
    assert.match(
      (() => {
        try {
          parseEnv(shape, { SINK_BATCH_SIZE: '1.5', POLL_INTERVAL_ACTIVE_MS: '10' });
        } catch (e) {
          return (e as Error).message;
        }
        return '';
      })(),
      /SINK_BATCH_SIZE: is not a whole number.*POLL_INTERVAL_ACTIVE_MS: must be a whole number from 100 to 60000/s,
    );
  });

  it('never echoes a value, which may be a secret', () => {
    const secret = 'hunter2-very-secret';
    assert.throws(
      () => parseEnv({ KEY: z.string().length(64) }, { KEY: secret }),
      (e: unknown) => e instanceof ConfigError && !e.message.includes(secret),
    );
  });
});
