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
    /** How the link of `state` ended (JSON), for a `link` whose callback another process took. */
    linkResult: (state: string) => `${base}:link-result:${state}`,
    /** Sorted set: every pending link state, scored by when it expires (the bound in total). */
    pendingLinks: `${base}:links-pending`,
    /** Sorted set: one client's pending link states (the bound per client). */
    pendingLinksOf: (client: string) => `${base}:links-pending-of:${client}`,
    /** Hash: account id → unix ms of its last successful poll. */
    lastPoll: `${base}:last-poll`,
    /** Hash: account id → unix ms its last poll started (schedule/poll-pace.ts). */
    pollStarted: `${base}:poll-started`,
    /** Hash: account id → JSON AccountHealthRecord, while its polls fail (state/account-health.ts). */
    failing: `${base}:failing`,
    /** Every key the poller and its BullMQ queue own (for SCAN). */
    all: `${prefix}:*`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
