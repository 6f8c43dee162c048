import type { Logger } from '@spotify-pipeline/runtime';
import type { Kafka, Message, Producer } from 'kafkajs';

export interface TopicWrite {
  readonly topic: string;
  readonly messages: readonly Message[];
}

export interface WriteHooks {
  /** Test seam: runs after every message is sent and before the commit. */
  readonly beforeCommit?: () => Promise<void> | void;
}

/**
 * Writes records to several topics atomically in one Kafka transaction: plays and the cursor that
 * says they were published commit together or not at all, so a crash can never leave a cursor ahead
 * of its plays. A kafkajs producer runs one transaction at a time, so writes queue up here; they
 * are short (one account's new plays), while the slow part, Spotify, runs concurrently.
 *
 * The transactional id is stable per instance: a restarted instance fences its crashed predecessor
 * and aborts its open transaction at once instead of leaving read-committed consumers waiting for
 * the transaction timeout.
 */
export class TransactionalWriter {
  readonly #producer: Producer;
  readonly #logger: Logger;
  #queue: Promise<unknown> = Promise.resolve();
  #connected = false;
  #closing: Promise<void> | undefined;

  constructor(kafka: Kafka, transactionalId: string, logger: Logger) {
    this.#producer = kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 30_000,
      // The coordinator answers CONCURRENT_TRANSACTIONS while it still completes the previous
      // commit; kafkajs's default first retry of 300 ms caps back-to-back transactions at a few per
      // second against Kafka 4.4, a 10 ms first retry at about 60.
      retry: { initialRetryTime: 10, maxRetryTime: 2_000, retries: 10 },
    });
    this.#logger = logger;
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
    const run = this.#queue.then(() => this.#transaction(writes, hooks));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #transaction(writes: readonly TopicWrite[], hooks: WriteHooks): Promise<void> {
    const transaction = await this.#producer.transaction();
    try {
      for (const { topic, messages } of writes) {
        if (messages.length > 0) await transaction.send({ topic, messages: [...messages] });
      }
      await hooks.beforeCommit?.();
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch((abortError: unknown) => {
        this.#logger.warn({ err: abortError }, 'could not abort the Kafka transaction; it will time out');
      });
      throw error;
    }
  }

  /** Waits for the queued writes, then disconnects. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#queue;
      this.#connected = false;
      await this.#producer.disconnect();
    })();
    return this.#closing;
  }
}
