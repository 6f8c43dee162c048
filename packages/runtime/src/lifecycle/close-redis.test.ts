import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ClosableRedis, closeRedis } from './close-redis.ts';

/** A stand-in recording what was called; `quit` behaves as told. */
function fakeRedis(status: string, quit: () => Promise<unknown>) {
  const calls: string[] = [];
  const redis: ClosableRedis = {
    status,
    quit: () => {
      calls.push('quit');
      return quit();
    },
    disconnect: () => {
      calls.push('disconnect');
    },
  };
  return { redis, calls };
}

describe('closeRedis', () => {
  it('quits politely when connected', async () => {
    const { redis, calls } = fakeRedis('ready', async () => 'OK');
    await closeRedis(redis);
    assert.deepEqual(calls, ['quit']);
  });

  it('disconnects at once when Redis is not connected (QUIT would wait in the offline queue)', async () => {
    for (const status of ['reconnecting', 'connecting', 'wait', 'close']) {
      const { redis, calls } = fakeRedis(status, () => new Promise(() => undefined));
      await closeRedis(redis);
      assert.deepEqual(calls, ['disconnect'], status);
    }
  });

  it('disconnects when QUIT gets no answer in time, or fails', async () => {
    const hung = fakeRedis('ready', () => new Promise(() => undefined));
    await closeRedis(hung.redis, 20);
    assert.deepEqual(hung.calls, ['quit', 'disconnect']);
    const failing = fakeRedis('ready', async () => {
      throw new Error('Connection is closed.');
    });
    await closeRedis(failing.redis);
    assert.deepEqual(failing.calls, ['quit', 'disconnect']);
  });

  it('does nothing to a client already closed', async () => {
    const { redis, calls } = fakeRedis('end', async () => 'OK');
    await closeRedis(redis);
    assert.deepEqual(calls, []);
  });
});
