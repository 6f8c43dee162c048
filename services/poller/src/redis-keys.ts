import { POLL_QUEUE_NAME } from '@spotify-pipeline/avro';

/**
 * Every Redis key the poller writes, in one place, all under the deployment's REDIS_PREFIX. All of
 * it can be lost: it is rebuilt from the state topics (schedulers, cursors) or from Spotify
 * (access tokens).
 */
export function redisKeys(prefix: string) {
  const base = `${prefix}:poller`;
  return {
    /** BullMQ's own `prefix` option; its keys follow as `<prefix>:<queue>:...`. */
    bullPrefix: prefix,
    queueName: POLL_QUEUE_NAME,
    lock: (accountId: string) => `${base}:lock:${accountId}`,
    accessToken: (accountId: string) => `${base}:access-token:${accountId}`,
    cursor: (accountId: string) => `${base}:cursor:${accountId}`,
    pendingLink: (state: string) => `${base}:link:${state}`,
    /** Hash: account id → unix ms of its last successful poll. */
    lastPoll: `${base}:last-poll`,
    /** Every key the poller and its BullMQ queue own (for SCAN). */
    all: `${prefix}:*`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
