import type { Logger } from '@spotify-pipeline/runtime';
import type { Kafka, Message, Producer } from 'kafkajs';
import { GroupCommitQueue } from './group-commit.ts';

export interface TopicWrite {
  readonly topic: string;
  readonly messages: readonly Message[];
}

/**
 * Most messages in one grouped transaction: a few hundred plays stay far below the broker's 1 MB
 * request limit, and a larger group would only delay its first writer.
 */
const MAX_GROUP_MESSAGES = 500;

interface QueuedWrite {
  readonly writes: readonly TopicWrite[];
  readonly hooks: WriteHooks;
}

export interface WriteHooks {
  /** Test seam: runs after every message is sent and before the commit. */
  readonly beforeCommit?: () => Promise<void> | void;
}

/**
 * Writes records to several topics atomically in one Kafka transaction: plays and the cursor that
 * says they were published commit together or not at all, so a crash can never leave a cursor ahead
 * of its plays. A kafkajs producer runs one transaction at a time; the writes that arrive while one
 * runs (other accounts' pages: Spotify, the slow part, runs concurrently) go together in the next
 * (GroupCommitQueue). Each write is still all or nothing, and a busy poller pays one commit for
 * many accounts instead of queueing them one after the other: a play's wait from receipt to
 * commit, the first part of sink_play_latency_seconds, stays about one or two commits.
 *
 * The transactional id is stable per instance: a restarted instance fences its crashed predecessor
 * and aborts its open transaction at once instead of leaving read-committed consumers waiting for
 * the transaction timeout.
 *
 * A producer whose abort failed is replaced before the next transaction. kafkajs moves its state
 * machine to COMMITTING or ABORTING before it sends EndTxn and back to READY only on success: when
 * the coordinator could not be reached (a broker killed mid-commit), the abort that follows a
 * failed commit is refused ("Cannot call abort in state COMMITTING"), and so is every later
 * transaction. Without a new producer the poller published nothing more until it was restarted.
 * The new producer has the same transactional id: its InitProducerId bumps the epoch, fencing the
 * old one, and the coordinator completes or aborts what the old one left open.
 */
export class TransactionalWriter {
  readonly #kafka: Kafka;
  readonly #transactionalId: string;
  #producer: Producer;
  /** The producer's transaction state is unknown (a failed abort): replace it before the next write. */
  #stale = false;
  readonly #logger: Logger;
  readonly #queue = new GroupCommitQueue<QueuedWrite>({
    run: (group) => this.#transaction(group),
    weight: ({ writes }) => writes.reduce((sum, w) => sum + w.messages.length, 0),
    maxWeight: MAX_GROUP_MESSAGES,
  });
  #connected = false;
  #closing: Promise<void> | undefined;

  constructor(kafka: Kafka, transactionalId: string, logger: Logger) {
    this.#kafka = kafka;
    this.#transactionalId = transactionalId;
    this.#producer = this.#newProducer();
    this.#logger = logger;
  }

  #newProducer(): Producer {
    return this.#kafka.producer({
      transactionalId: this.#transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 30_000,
      // The coordinator answers CONCURRENT_TRANSACTIONS while it still completes the previous
      // commit; kafkajs's default first retry of 300 ms caps back-to-back transactions at a few per
      // second against Kafka 4.4, a 10 ms first retry at about 60.
      retry: { initialRetryTime: 10, maxRetryTime: 2_000, retries: 10 },
    });
  }

  /** Disconnects the producer whose state is unknown and connects a new one; it stays stale if that fails. */
  async #replaceStaleProducer(): Promise<void> {
    await this.#producer.disconnect().catch(() => undefined);
    const fresh = this.#newProducer();
    try {
      await fresh.connect();
    } catch (error) {
      await fresh.disconnect().catch(() => undefined);
      throw error;
    }
    this.#producer = fresh;
    this.#stale = false;
    this.#logger.warn('Kafka transactional producer replaced after a failed abort');
  }

  get connected(): boolean {
    return this.#connected && this.#closing === undefined;
  }

  async connect(): Promise<void> {
    await this.#producer.connect();
    this.#connected = true;
  }

  write(writes: readonly TopicWrite[], hooks: WriteHooks = {}): Promise<void> {
    if (this.#closing) return Promise.reject(new Error('TransactionalWriter is closed'));
    return this.#queue.add({ writes, hooks });
  }

  async #transaction(group: readonly QueuedWrite[]): Promise<void> {
    // One send per topic, the group's messages in write order: a key's records keep their order.
    const byTopic = new Map<string, Message[]>();
    for (const { writes } of group) {
      for (const { topic, messages } of writes) {
        if (messages.length === 0) continue;
        const list = byTopic.get(topic);
        if (list) list.push(...messages);
        else byTopic.set(topic, [...messages]);
      }
    }
    if (this.#stale) await this.#replaceStaleProducer();
    let transaction: Awaited<ReturnType<Producer['transaction']>>;
    try {
      transaction = await this.#producer.transaction();
    } catch (error) {
      // Refused by a state machine that is not READY, or InitProducerId failed: start afresh.
      this.#stale = true;
      throw error;
    }
    try {
      for (const [topic, messages] of byTopic) await transaction.send({ topic, messages });
      for (const { hooks } of group) await hooks.beforeCommit?.();
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch((abortError: unknown) => {
        this.#stale = true;
        this.#logger.warn(
          { err: abortError },
          'could not abort the Kafka transaction; the producer is replaced, which fences and aborts it',
        );
      });
      throw error;
    }
  }

  /** Waits for the queued writes, then disconnects. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#queue.idle();
      this.#connected = false;
      await this.#producer.disconnect();
    })();
    return this.#closing;
  }
}
