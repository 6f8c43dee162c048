import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis-keys.ts';

/** Consecutive polls failed for good (BullMQ's retries spent) after which an account is failing. */
export const FAILING_AFTER = 3;

/** How one account's polls have been going lately (only kept while they fail). */
export interface AccountHealthRecord {
  /** Consecutive failed polls. */
  readonly failures: number;
  /** Unix ms of the first of them. */
  readonly since: number;
  /** Unix ms of the last. */
  readonly lastAt: number;
  /** A machine code for the kind of error (the error's class), as the metric labels it. */
  readonly reason: string;
  readonly lastError: string;
  /** FAILING_AFTER failures or more. */
  readonly failing: boolean;
}

export type HealthChange = 'became-failing' | 'recovered' | 'none';

/** The kind of error, as a metric label: its class name in kebab case (`spotify-server-error`). */
export function failureReason(error: unknown): string {
  const name = error instanceof Error ? (error.constructor?.name ?? error.name) : typeof error;
  return (
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/[^A-Za-z0-9-]+/g, '-')
      .toLowerCase() || 'unknown'
  );
}

/**
 * Which accounts' polls keep failing, kept in Redis (hash `failing`, account id → JSON) so that every
 * instance, the CLI's `accounts` and the metrics see the same. One account is polled by one instance
 * at a time (the poll lock), so its read-modify-write needs no more. Lost with Redis: the next
 * failures find it again.
 */
export class AccountHealth {
  readonly #redis: Redis;
  readonly #key: string;

  constructor(redis: Redis, keys: RedisKeys) {
    this.#redis = redis;
    this.#key = keys.failing;
  }

  async recordFailure(
    accountId: string,
    error: unknown,
    now = Date.now(),
  ): Promise<{
    change: HealthChange;
    record: AccountHealthRecord;
  }> {
    const before = await this.get(accountId);
    const failures = (before?.failures ?? 0) + 1;
    const record: AccountHealthRecord = {
      failures,
      since: before?.since ?? now,
      lastAt: now,
      reason: failureReason(error),
      lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
      failing: failures >= FAILING_AFTER,
    };
    await this.#redis.hset(this.#key, accountId, JSON.stringify(record));
    return { change: record.failing && !before?.failing ? 'became-failing' : 'none', record };
  }

  async recordSuccess(accountId: string): Promise<HealthChange> {
    const before = await this.get(accountId);
    if (!before) return 'none';
    await this.#redis.hdel(this.#key, accountId);
    return before.failing ? 'recovered' : 'none';
  }

  /** Forgets an account (unlinked, or waiting for relink: it is not polled any more). */
  async forget(accountId: string): Promise<void> {
    await this.#redis.hdel(this.#key, accountId);
  }

  async get(accountId: string): Promise<AccountHealthRecord | undefined> {
    return parse(await this.#redis.hget(this.#key, accountId));
  }

  /** Every account that counts as failing, by id. */
  async failing(): Promise<Map<string, AccountHealthRecord>> {
    const all = await this.#redis.hgetall(this.#key);
    const out = new Map<string, AccountHealthRecord>();
    for (const [id, raw] of Object.entries(all)) {
      const record = parse(raw);
      if (record?.failing) out.set(id, record);
    }
    return out;
  }
}

function parse(raw: string | null | undefined): AccountHealthRecord | undefined {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as AccountHealthRecord;
  } catch {
    return undefined;
  }
}
