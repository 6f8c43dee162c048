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

  it('never echoes a value, which may be a secret', () => {
    const secret = 'hunter2-very-secret';
    assert.throws(
      () => parseEnv({ KEY: z.string().length(64) }, { KEY: secret }),
      (e: unknown) => e instanceof ConfigError && !e.message.includes(secret),
    );
  });
});
