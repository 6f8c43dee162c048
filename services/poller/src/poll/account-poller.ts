import { codecs, type RawPlayAccount } from '@spotify-pipeline/avro';
import type { Logger, Topics } from '@spotify-pipeline/runtime';
import type { WebApiClient } from '@spotify-pipeline/spotify-client';
import type { Redis } from 'ioredis';
import type { Message } from 'kafkajs';
import type { TransactionalWriter, WriteHooks } from '../kafka/transactional-writer.ts';
import type { PollerMetrics } from '../metrics.ts';
import type { RedisKeys } from '../redis-keys.ts';
import type { LinkedAccount } from '../state/linked-account.ts';
import type { StateStore } from '../state/state-store.ts';
import { decodeCursor, emptyCursor, encodeCursor, newerCursor, type PollCursor } from './cursor.ts';
import { selectNewPlays } from './select-new-plays.ts';
import { playedAtMs, toRawPlay } from './to-raw-play.ts';
import { itemDigest, unreadableItemMessage } from './unreadable-item.ts';

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
  readonly topics: Pick<Topics, 'rawPlays' | 'deadLetter'>;
  readonly metrics: PollerMetrics;
  readonly logger: Logger;
  readonly hooks?: PollHooks;
}

export interface PollResult {
  readonly published: number;
  readonly fetched: number;
  /** Items of this response dead-lettered now (not those dead-lettered by an earlier poll). */
  readonly deadLettered: number;
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
    const page: unknown = await web.recentlyPlayed(account.id);
    const fetchedAt = new Date();
    const items = itemsOf(page);
    // An item without a played_at cannot be told apart from the plays already published; it is
    // dead-lettered once, remembered by its digest while the window still shows it.
    const keyed = items.filter((item) => Number.isFinite(playedAtMs(item)));
    const unkeyed = new Map(
      items.filter((item) => !Number.isFinite(playedAtMs(item))).map((item) => [itemDigest(item), item]),
    );
    const selection = selectNewPlays(cursor, keyed, playedAtMs, fetchedAt.getTime());
    const unreadable = [...unkeyed.keys()].sort();
    const known = new Set(cursor.unreadable ?? []);
    const newlyUnreadable = [...unkeyed].filter(([digest]) => !known.has(digest));
    let next = selection.next;
    if (next === cursor && !sameMembers(cursor.unreadable ?? [], unreadable)) {
      next = { ...cursor, seq: cursor.seq + 1, updatedAt: fetchedAt.getTime() };
    }
    if (next !== cursor) next = { ...next, unreadable };
    let published = 0;
    const deadLetters: Message[] = newlyUnreadable.map(([, item]) =>
      unreadableItemMessage(account.id, item, 'recently-played item has no valid played_at', fetchedAt),
    );
    if (next !== cursor) {
      const owner: RawPlayAccount = {
        id: account.id,
        time_zone: account.timeZone,
        display_name: account.displayName,
        country: account.country,
      };
      const plays: Message[] = [];
      // One item never fails the page: what cannot be mapped or encoded is dead-lettered with the
      // reason, and the cursor moves past it with the rest.
      for (const item of selection.fresh) {
        try {
          plays.push({
            key: account.id,
            value: codecs.rawPlay.encode(toRawPlay(item, owner, fetchedAt)),
            // When the poller received the play (the produce time, give or take the encoding), never
            // played_at: that can be hours old (offline sync) or, with a skewed clock, ahead, and
            // brokers reject timestamps too far from their own. The normalizer passes it on to the
            // fact, and the sink's sink_play_latency_seconds counts from it.
            timestamp: String(fetchedAt.getTime()),
          });
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          deadLetters.push(unreadableItemMessage(account.id, item, detail, fetchedAt));
        }
      }
      const writes = [{ topic: topics.rawPlays.name, messages: plays }, state.cursorWrite(next)];
      if (deadLetters.length > 0) writes.push({ topic: topics.deadLetter.name, messages: deadLetters });
      await writer.write(writes, hooks ?? {});
      published = plays.length;
      metrics.playsPublished.inc(published);
      if (deadLetters.length > 0)
        metrics.itemsDeadLettered.inc({ reason: 'unreadable-item' }, deadLetters.length);
      state.noteCursor(next);
      await hooks?.afterCommit?.(account.id);
      await redis.set(keys.cursor(account.id), encodeCursor(next), 'PX', 7 * 24 * 3600 * 1000);
    }
    await redis.hset(keys.lastPoll, account.id, String(Date.now()));
    return { published, fetched: items.length, deadLettered: next === cursor ? 0 : deadLetters.length };
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

/** The items of a recently-played page; a page without an item list has none. */
function itemsOf(page: unknown): unknown[] {
  const items = (page as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? items : [];
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((x) => set.has(x));
}
