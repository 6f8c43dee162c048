import type { Redis } from 'ioredis';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { RedisKeys } from './redis-keys.ts';
import type { AccountHealth } from './state/account-health.ts';
import type { StateStore } from './state/state-store.ts';

export type PollOutcome =
  | 'published'
  | 'no-new-plays'
  | 'locked'
  | 'rate-limited'
  | 'failed'
  | 'needs-relink'
  | 'skipped'
  | 'too-soon';

/** The poller's own figures, registered on the service's registry. */
export function createPollerMetrics(registry: Registry) {
  const registers = [registry];
  return {
    playsPublished: new Counter({
      name: 'poller_plays_published_total',
      help: 'Plays published to the raw topic',
      registers,
    }),
    itemsDeadLettered: new Counter({
      name: 'poller_items_dead_lettered_total',
      help: 'Recently-played items the poller could not make a play of, sent to the dead-letter topic',
      labelNames: ['reason'],
      registers,
    }),
    polls: new Counter({
      name: 'poller_polls_total',
      help: 'Polls by outcome',
      labelNames: ['outcome'],
      registers,
    }),
    pollFailures: new Counter({
      name: 'poller_poll_failures_total',
      help: 'Failed polls by reason (the kind of error)',
      labelNames: ['reason'],
      registers,
    }),
    apiResponses: new Counter({
      name: 'poller_spotify_responses_total',
      help: 'Spotify Web API responses by HTTP status',
      labelNames: ['status'],
      registers,
    }),
    rateLimitPauses: new Counter({
      name: 'poller_rate_limit_pauses_total',
      help: 'Times the whole poll queue was paused for a Retry-After',
      registers,
    }),
    tokenRefreshes: new Counter({
      name: 'poller_token_refreshes_total',
      help: 'Access token refreshes by outcome',
      labelNames: ['outcome'],
      registers,
    }),
    relinksNeeded: new Counter({
      name: 'poller_accounts_relink_needed_total',
      help: 'Accounts marked needs-relink after Spotify refused their refresh token',
      registers,
    }),
    badStateRecords: new Counter({
      name: 'poller_state_records_unreadable_total',
      help: 'State topic records skipped because they could not be read',
      labelNames: ['topic'],
      registers,
    }),
  };
}

export type PollerMetrics = ReturnType<typeof createPollerMetrics>;

/** Gauges computed at scrape time from the durable state and the last-poll hash in Redis. */
export function registerStateGauges(
  registry: Registry,
  state: StateStore,
  redis: Redis,
  keys: RedisKeys,
  health: AccountHealth,
): void {
  new Gauge({
    name: 'poller_accounts_failing',
    help: 'Linked accounts whose polls keep failing (see `spotify-pipeline accounts` for why)',
    registers: [registry],
    async collect() {
      const failing = await health.failing().catch(() => new Map());
      const linked = new Set(state.accounts().map((a) => a.id));
      this.set([...failing.keys()].filter((id) => linked.has(id)).length);
    },
  });
  new Gauge({
    name: 'poller_accounts',
    help: 'Linked accounts by status',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      this.reset();
      const accounts = state.accounts();
      this.set({ status: 'active' }, accounts.filter((a) => a.status === 'active').length);
      this.set({ status: 'needs-relink' }, accounts.filter((a) => a.status === 'needs-relink').length);
    },
  });
  new Gauge({
    name: 'poller_account_lag_seconds',
    help: 'Seconds since the last successful poll of each active account',
    labelNames: ['account'],
    registers: [registry],
    async collect() {
      this.reset();
      const last = await redis.hgetall(keys.lastPoll).catch(() => ({}) as Record<string, string>);
      const now = Date.now();
      for (const account of state.accounts()) {
        if (account.status !== 'active') continue;
        const at = Number(last[account.id] ?? account.linkedAt);
        this.set({ account: account.id }, Math.max(0, (now - at) / 1000));
      }
    },
  });
}
