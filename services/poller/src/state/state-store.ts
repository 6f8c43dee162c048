import { randomUUID } from 'node:crypto';
import { type Logger, retry, type Topics, waitUntil } from '@spotify-pipeline/runtime';
import type { Consumer, Kafka } from 'kafkajs';
import type { TopicWrite, TransactionalWriter } from '../kafka/transactional-writer.ts';
import { decodeCursor, encodeCursor, newerCursor, type PollCursor } from '../poll/cursor.ts';
import { decodeAccount, encodeAccount, type LinkedAccount } from './linked-account.ts';

export interface StateStoreOptions {
  readonly kafka: Kafka;
  readonly topics: Pick<Topics, 'linkedAccounts' | 'pollCursors'>;
  readonly writer: TransactionalWriter;
  readonly logger: Logger;
  /** Prefix of the throw-away consumer group (kafkajs needs one; offsets are never committed). */
  readonly groupPrefix: string;
  readonly loadTimeoutMs?: number;
  /** Called for a record this version cannot read; it is skipped, never applied. */
  readonly onBadRecord?: (topic: string, error: unknown) => void;
}

type Listener = (accountId: string) => void;

/**
 * The poller's durable state in memory: every linked account and every cursor, read from the two
 * compacted state topics to their end at start, then followed, so that several pollers see each
 * other's links, unlinks and cursors. Writes go to Kafka first and are applied here when Kafka has
 * acknowledged them (and again, idempotently, when the follower reads them back).
 */
export class StateStore {
  readonly #options: StateStoreOptions;
  readonly #accounts = new Map<string, LinkedAccount>();
  readonly #cursors = new Map<string, PollCursor>();
  readonly #listeners = new Set<Listener>();
  #consumer: Consumer | undefined;
  #loaded = false;
  #closing: Promise<void> | undefined;

  constructor(options: StateStoreOptions) {
    this.#options = options;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  /** Reads both topics to the end offsets they had when called, then keeps following them. */
  async start(): Promise<void> {
    const { kafka, topics, groupPrefix, loadTimeoutMs = 60_000 } = this.#options;
    const names = [topics.linkedAccounts.name, topics.pollCursors.name];
    const admin = kafka.admin();
    const pending = new Map<string, number>();
    await admin.connect();
    try {
      for (const topic of names) {
        // Right after a topic is created, a broker may not know it leads the partition yet.
        const offsets = await retry(() => admin.fetchTopicOffsets(topic), {
          attempts: 10,
          initialDelayMs: 100,
          shouldRetry: (error) => (error as { retriable?: unknown } | null)?.retriable === true,
        });
        for (const { partition, high, low } of offsets) {
          if (Number(high) > Number(low)) pending.set(`${topic}:${partition}`, Number(high) - 1);
        }
      }
    } finally {
      await admin.disconnect();
    }
    const consumer = kafka.consumer({
      groupId: `${groupPrefix}-${randomUUID()}`,
      allowAutoTopicCreation: false,
    });
    this.#consumer = consumer;
    // Batches that hold only transaction markers reach no eachMessage; this event still reports them.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const key = `${payload.topic}:${payload.partition}`;
      const last = pending.get(key);
      if (last !== undefined && Number(payload.lastOffset) >= last) pending.delete(key);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: names, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        this.#apply(topic, message.key?.toString('utf8') ?? '', message.value);
        const key = `${topic}:${partition}`;
        const last = pending.get(key);
        if (last !== undefined && Number(message.offset) >= last) pending.delete(key);
      },
    });
    await waitUntil(() => pending.size === 0, {
      timeoutMs: loadTimeoutMs,
      intervalMs: 20,
      what: 'the poller state topics read to their end',
    });
    this.#loaded = true;
    this.#options.logger.info(
      { accounts: this.#accounts.size, cursors: this.#cursors.size },
      'poller state loaded from Kafka',
    );
  }

  accounts(): LinkedAccount[] {
    return [...this.#accounts.values()];
  }

  account(id: string): LinkedAccount | undefined {
    return this.#accounts.get(id);
  }

  cursor(id: string): PollCursor | undefined {
    return this.#cursors.get(id);
  }

  /** `listener(accountId)` after an account was linked, changed or unlinked, by anyone. */
  onAccountChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async putAccount(account: LinkedAccount): Promise<void> {
    await this.#options.writer.write([this.accountWrite(account)]);
    this.#setAccount(account.id, account);
  }

  async removeAccount(id: string): Promise<void> {
    await this.#options.writer.write([
      { topic: this.#options.topics.linkedAccounts.name, messages: [{ key: id, value: null }] },
      { topic: this.#options.topics.pollCursors.name, messages: [{ key: id, value: null }] },
    ]);
    this.#setAccount(id, undefined);
    this.#cursors.delete(id);
  }

  accountWrite(account: LinkedAccount): TopicWrite {
    return {
      topic: this.#options.topics.linkedAccounts.name,
      messages: [{ key: account.id, value: encodeAccount(account) }],
    };
  }

  cursorWrite(cursor: PollCursor): TopicWrite {
    return {
      topic: this.#options.topics.pollCursors.name,
      messages: [{ key: cursor.accountId, value: encodeCursor(cursor) }],
    };
  }

  /** Records a cursor that Kafka has acknowledged (it is also read back by the follower). */
  noteCursor(cursor: PollCursor): void {
    const newer = newerCursor(this.#cursors.get(cursor.accountId), cursor);
    if (newer) this.#cursors.set(cursor.accountId, newer);
  }

  #apply(topic: string, key: string, value: Buffer | null): void {
    const { topics, logger, onBadRecord } = this.#options;
    try {
      if (topic === topics.linkedAccounts.name) {
        this.#setAccount(key, value === null ? undefined : decodeAccount(value));
      } else if (topic === topics.pollCursors.name) {
        if (value === null) this.#cursors.delete(key);
        else this.noteCursor(decodeCursor(value));
      }
    } catch (error) {
      logger.error({ err: error, topic, key }, 'unreadable poller state record skipped');
      onBadRecord?.(topic, error);
    }
  }

  #setAccount(id: string, account: LinkedAccount | undefined): void {
    const before = this.#accounts.get(id);
    if (account) this.#accounts.set(id, account);
    else this.#accounts.delete(id);
    if (before?.updatedAt === account?.updatedAt && before?.status === account?.status) return;
    for (const listener of this.#listeners) {
      try {
        listener(id);
      } catch (error) {
        this.#options.logger.error({ err: error, accountId: id }, 'account change listener failed');
      }
    }
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#loaded = false;
      await this.#consumer?.disconnect();
    })();
    return this.#closing;
  }
}
