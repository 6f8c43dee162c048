import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from './test-env.ts';

/** Visits every key under `prefix:` in SCAN pages (never KEYS: the Redis is shared). */
async function eachKeyPage(
  prefix: string,
  url: string,
  visit: (redis: Redis, keys: string[]) => Promise<void>,
) {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await visit(redis, keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * Deletes every key under `prefix:` with SCAN + DEL and returns how many went. The Redis is shared
 * by every test and engineer on the machine, so never FLUSHDB: only what this prefix names.
 */
export async function deleteRedisPrefix(prefix: string, url = TEST_REDIS_URL): Promise<number> {
  if (!/^[\w.-]+$/.test(prefix))
    throw new RangeError(`deleteRedisPrefix: prefix must be [A-Za-z0-9_.-]+, got ${JSON.stringify(prefix)}`);
  let deleted = 0;
  await eachKeyPage(prefix, url, async (redis, keys) => {
    deleted += await redis.del(...keys);
  });
  return deleted;
}

/** How many keys live under `prefix:` (to prove a clean-up left none). */
export async function countRedisPrefix(prefix: string, url = TEST_REDIS_URL): Promise<number> {
  let count = 0;
  await eachKeyPage(prefix, url, async (_redis, keys) => {
    count += keys.length;
  });
  return count;
}
