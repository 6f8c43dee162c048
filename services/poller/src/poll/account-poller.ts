import { codecs, type RawPlayAccount } from '@spotify-pipeline/avro';
import type { Logger, Topics } from '@spotify-pipeline/runtime';
import type { WebApiClient } from '@spotify-pipeline/spotify-client';
import type { Redis } from 'ioredis';
import type { TransactionalWriter, WriteHooks } from '../kafka/transactional-writer.ts';
import type { PollerMetrics } from '../metrics.ts';
import type { RedisKeys } from '../redis-keys.ts';
import type { LinkedAccount } from '../state/linked-account.ts';
import type { StateStore } from '../state/state-store.ts';
import { decodeCursor, emptyCursor, encodeCursor, newerCursor, type PollCursor } from './cursor.ts';
import { selectNewPlays } from './select-new-plays.ts';
import { playedAtMs, toRawPlay } from './to-raw-play.ts';

export interface PollHooks extends WriteHooks {
  /** Test seam: after Kafka committed the plays and the cursor, before the Redis cursor cache is written. */
  readonly afterCommit?: (accountId: string) => Promise<void> | void;
}

export interface AccountPollerOptions {
  readonly state: StateStore;
  readonly writer: TransactionalWriter;
  readonly web: WebApiClient;
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly topics: Pick<Topics, 'rawPlays'>;
  readonly metrics: PollerMetrics;
  readonly logger: Logger;
  readonly hooks?: PollHooks;
}

export interface PollResult {
  readonly published: number;
  readonly fetched: number;
}

/**
 * One poll of one account: fetch the recently-played window, pick the plays not yet published
 * (select-new-plays.ts), and publish them together with the new cursor in one Kafka transaction.
 * The Redis cursor cache is written only after the commit; if the process dies in between, the
 * cursor topic still has the truth. If it dies before the commit, the transaction is aborted and
 * the next poll publishes the same plays again: nothing is lost, nothing is doubled.
 */
export class AccountPoller {
  readonly #o: AccountPollerOptions;

  constructor(options: AccountPollerOptions) {
    this.#o = options;
  }

  async poll(account: LinkedAccount): Promise<PollResult> {
    const { web, writer, state, topics, redis, keys, metrics, hooks } = this.#o;
    const cursor = await this.#cursor(account.id);
    const page = await web.recentlyPlayed(account.id);
    const fetchedAt = new Date();
    const { fresh, next } = selectNewPlays(cursor, page.items, playedAtMs, fetchedAt.getTime());
    if (next !== cursor) {
      const owner: RawPlayAccount = {
        id: account.id,
        time_zone: account.timeZone,
        display_name: account.displayName,
        country: account.country,
      };
      const messages = fresh.map((item) => ({
        key: account.id,
        // The record timestamp stays the produce time: played_at can be hours old (offline sync) or,
        // with a skewed clock, ahead, and brokers reject timestamps too far from their own clock.
        value: codecs.rawPlay.encode(toRawPlay(item, owner, fetchedAt)),
      }));
      await writer.write([{ topic: topics.rawPlays.name, messages }, state.cursorWrite(next)], hooks ?? {});
      metrics.playsPublished.inc(fresh.length);
      state.noteCursor(next);
      await hooks?.afterCommit?.(account.id);
      await redis.set(keys.cursor(account.id), encodeCursor(next), 'PX', 7 * 24 * 3600 * 1000);
    }
    await redis.hset(keys.lastPoll, account.id, String(Date.now()));
    return { published: fresh.length, fetched: page.items.length };
  }

  /**
   * The newer of the cursor topic (as followed) and the Redis cache: another instance may have
   * polled this account a moment ago and its cursor not have reached our follower yet.
   */
  async #cursor(accountId: string): Promise<PollCursor> {
    const durable = this.#o.state.cursor(accountId);
    let cached: PollCursor | undefined;
    try {
      const raw = await this.#o.redis.get(this.#o.keys.cursor(accountId));
      cached = raw ? decodeCursor(raw) : undefined;
    } catch (error) {
      this.#o.logger.warn({ err: error, accountId }, 'cursor cache unreadable; using the cursor topic');
    }
    return newerCursor(durable, cached) ?? emptyCursor(accountId);
  }
}
