import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from '@spotify-pipeline/runtime';
import { Redis } from 'ioredis';
import { EphemeralRedis } from './ephemeral-redis.ts';
import { isPortOpen } from './port.ts';

test('an ephemeral Redis starts on its port, starts once however often asked, and is gone after kill', async () => {
  const redis = new EphemeralRedis(await freePort());
  try {
    await Promise.all([redis.start(), redis.start()]);
    await redis.start();
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      assert.equal(await client.set('k', 'v'), 'OK');
      assert.equal(await client.get('k'), 'v');
    } finally {
      client.disconnect();
    }
    await redis.kill();
    assert.equal(redis.running, false);
    assert.equal(await isPortOpen('127.0.0.1', redis.port), false);
    await redis.kill(); // idempotent

    // Started again it is empty: no persistence.
    await redis.start();
    const again = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    again.on('error', () => undefined);
    await again.connect();
    try {
      assert.equal(await again.get('k'), null);
    } finally {
      again.disconnect();
    }
  } finally {
    await redis.kill();
  }
});

test('a port out of range is refused at the door', () => {
  assert.throws(() => new EphemeralRedis(0), /port must be 1-65535, got 0/);
});
