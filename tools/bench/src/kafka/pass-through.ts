import { NORMALIZER_PRODUCER_CONFIG } from '@spotify-pipeline/normalizer';
import type { Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';

export interface PassThroughOptions {
  readonly kafka: Kafka;
  readonly from: string;
  readonly to: string;
  readonly groupId: string;
  /** The normalizer's NORMALIZER_MAX_MESSAGES_PER_SEND, so both send units of the same size. */
  readonly maxMessagesPerSend: number;
  /** The normalizer's NORMALIZER_PARTITIONS_CONSUMED_CONCURRENTLY. */
  readonly partitionsConsumedConcurrently: number;
}

/**
 * The normalizer with the normalizing taken out: the same consumer and idempotent producer
 * settings, the same units (send with acks -1, then commit), but each message's key and bytes are
 * forwarded unchanged. What the broker and kafkajs cost on their own, i.e. the normalizer's ceiling.
 */
export class PassThrough {
  readonly #o: PassThroughOptions;
  readonly #consumer: Consumer;
  readonly #producer: Producer;
  #stopping: Promise<void> | undefined;

  constructor(options: PassThroughOptions) {
    if (!(options.maxMessagesPerSend >= 1))
      throw new RangeError('PassThrough: maxMessagesPerSend must be >= 1');
    this.#o = options;
    this.#producer = options.kafka.producer(NORMALIZER_PRODUCER_CONFIG);
    this.#consumer = options.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 1_000,
    });
  }

  async start(): Promise<void> {
    await this.#producer.connect();
    await this.#consumer.connect();
    await this.#consumer.subscribe({ topics: [this.#o.from], fromBeginning: true });
    await this.#consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.#o.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.#forward(payload),
    });
  }

  /** Idempotent; disconnects the consumer first so no unit is left without its producer. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await this.#consumer.disconnect().catch(() => undefined);
      await this.#producer.disconnect();
    })();
    return this.#stopping;
  }

  async #forward({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload) {
    const { topic, partition } = batch;
    const { maxMessagesPerSend, to } = this.#o;
    for (let start = 0; start < batch.messages.length; start += maxMessagesPerSend) {
      if (!isRunning() || isStale()) return;
      const unit = batch.messages.slice(start, start + maxMessagesPerSend);
      const last = unit.at(-1)?.offset;
      if (last === undefined) return;
      await this.#producer.sendBatch({
        topicMessages: [{ topic: to, messages: unit.map((m) => ({ key: m.key, value: m.value })) }],
        acks: -1,
      });
      resolveOffset(last);
      const next = (BigInt(last) + 1n).toString();
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: next }] }] });
      await heartbeat();
    }
  }
}
