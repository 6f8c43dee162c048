import { codecs as avroCodecs } from '@spotify-pipeline/avro';
import {
  Closer,
  ensureTopics,
  type Logger,
  NonRetriableError,
  RetriableError,
  type Topics,
  untilReachable,
} from '@spotify-pipeline/runtime';
import type { Consumer, EachBatchPayload, Kafka, Producer, ProducerConfig } from 'kafkajs';
import kafkajs from 'kafkajs';
import type { Registry } from 'prom-client';
import { DimensionCache } from './dimension-cache.ts';
import { NormalizerMetrics } from './metrics.ts';
import { type NormalizerCodecs, type PlanContext, planBatch } from './plan-batch.ts';

// kafkajs is CommonJS; Node's ESM loader cannot see its values as named exports.
const { Partitioners } = kafkajs;

/**
 * The normalizer's producer; the bench's pass-through uses the same, so that its ceiling is
 * measured with what the normalizer really sends with.
 */
export const NORMALIZER_PRODUCER_CONFIG: ProducerConfig = {
  idempotent: true,
  // kafkajs keeps order per partition under retries only with one request in flight.
  maxInFlightRequests: 1,
  // An idempotent producer must not give up on a send it may have half done; kafkajs warns
  // otherwise. A stop while the broker is away is bounded by runMain's stop timeout instead.
  retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 10_000 },
  allowAutoTopicCreation: false,
  // The Java client's murmur2 placement, so every client puts a key in the same partition.
  createPartitioner: Partitioners.DefaultPartitioner,
};

export interface NormalizerOptions {
  readonly kafka: Kafka;
  readonly topics: Topics;
  readonly groupId: string;
  readonly logger: Logger;
  /** Where the normalizer's metrics are registered. */
  readonly registry: Registry;
  readonly dimensionCache: { readonly maxEntries: number; readonly ttlMs: number };
  /** The most raw plays sent and committed as one unit. */
  readonly maxMessagesPerSend: number;
  readonly partitionsConsumedConcurrently: number;
  /** Replication factor of topics created at start. */
  readonly replicationFactor?: number;
  /** Written into the `dlq.service` header. */
  readonly serviceName?: string;
  /** Replaced in tests; defaults to `@spotify-pipeline/avro`'s codecs. */
  readonly codecs?: NormalizerCodecs;
}

/**
 * Consumes raw plays and produces, per play, its fact and the dimension records not emitted
 * unchanged recently; what cannot be normalized goes to the dead-letter topic with the reason.
 *
 * At least once, in order per partition: the outputs of a unit of messages are sent with one
 * idempotent producer, and the unit's input offsets are committed only after the broker
 * acknowledged every output. A failed send throws, so kafkajs fetches the unit again from the last
 * committed offset. The sink is idempotent, so a repeat costs work, never a duplicate row.
 */
export class Normalizer {
  readonly #options: NormalizerOptions;
  readonly #logger: Logger;
  #producer: Producer;
  #renewing: Promise<void> | undefined;
  readonly #consumer: Consumer;
  readonly #cache: DimensionCache;
  readonly #metrics: NormalizerMetrics;
  readonly #planContext: PlanContext;
  readonly #closer: Closer;
  readonly #abort = new AbortController();
  #started = false;
  #joined = false;
  #producerConnected = false;

  constructor(options: NormalizerOptions) {
    validate(options);
    this.#options = options;
    this.#logger = options.logger;
    this.#closer = new Closer(options.logger);
    this.#cache = new DimensionCache(options.dimensionCache);
    this.#metrics = new NormalizerMetrics(options.registry);
    this.#planContext = {
      topics: options.topics,
      codecs: options.codecs ?? avroCodecs,
      cache: this.#cache,
      service: options.serviceName ?? 'normalizer',
      now: () => new Date(),
    };
    this.#producer = this.#newProducer();
    this.#consumer = options.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      // A stop waits for the fetch in flight; kafkajs's 5 s default long poll would be most of it.
      maxWaitTimeInMs: 1_000,
    });
    this.#watchReadiness();
  }

  #newProducer(): Producer {
    const producer = this.#options.kafka.producer(NORMALIZER_PRODUCER_CONFIG);
    producer.on(producer.events.CONNECT, () => {
      if (producer === this.#producer) this.#producerConnected = true;
    });
    producer.on(producer.events.DISCONNECT, () => {
      if (producer === this.#producer) this.#producerConnected = false;
    });
    return producer;
  }

  /**
   * Replaces a producer whose send failed with a fresh one (a new producer id, sequence numbers
   * from zero). After a partition leader died mid-send, kafkajs's idempotent producer can keep
   * sequence numbers the new leader refuses (OUT_OF_ORDER_SEQUENCE_NUMBER) on every later send:
   * without a new producer the normalizer retried the same unit for ever. Concurrent failures of
   * one producer share one replacement; a replacement that cannot connect yet is tried again at
   * the next failure.
   */
  async #renewProducer(failed: Producer): Promise<void> {
    if (this.#producer !== failed || this.#closer.closing) return;
    this.#renewing ??= (async () => {
      const fresh = this.#newProducer();
      await fresh.connect();
      this.#producer = fresh;
      this.#producerConnected = true;
      this.#logger.warn('normalizer producer replaced after a failed send');
      await failed.disconnect().catch(() => undefined);
    })()
      .catch((error: unknown) => {
        this.#logger.warn({ err: error }, 'could not replace the normalizer producer yet');
      })
      .finally(() => {
        this.#renewing = undefined;
      });
    await this.#renewing;
  }

  /** Consumer in its group and producer connected: the normalizer can make progress. */
  get ready(): boolean {
    return this.#joined && this.#producerConnected && !this.#closer.closing;
  }

  get readiness(): { consumer: () => boolean; producer: () => boolean } {
    return { consumer: () => this.#joined && !this.#closer.closing, producer: () => this.#producerConnected };
  }

  /** Creates missing topics, connects, joins the group and starts consuming. Call once. */
  async start(): Promise<void> {
    if (this.#started) throw new NonRetriableError('Normalizer.start: already started');
    if (this.#closer.closing) throw new NonRetriableError('Normalizer.start: already stopped');
    this.#started = true;
    const { topics } = this.#options;
    // Started while a broker is down or the cluster elects leaders (a restart after a crash, a
    // supervisor's restart during an outage), it waits for Kafka, serving /healthz, instead of
    // exiting: the chaos run saw the normalizer die at start-up while a broker was being killed.
    const waiting = { logger: this.#logger, signal: this.#abort.signal };
    await untilReachable('kafka', () => this.#ensureTopics(), waiting);

    this.#closer.add('producer', () => this.#producer.disconnect());
    await untilReachable('kafka', () => this.#producer.connect(), waiting);
    // Added after the producer, so it is closed first: a batch in flight still needs the producer.
    this.#closer.add('consumer', () => this.#consumer.disconnect());
    await untilReachable('kafka', () => this.#consumer.connect(), waiting);
    // A new group reads the whole retained raw topic: plays not yet normalized are still plays.
    await this.#consumer.subscribe({ topics: [topics.rawPlays.name], fromBeginning: true });
    await this.#consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.#options.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.#handleBatch(payload),
    });
    this.#logger.info(
      { topic: topics.rawPlays.name, groupId: this.#options.groupId },
      'normalizer consuming',
    );
  }

  /**
   * Stops consuming, lets a unit in flight finish its send and commit (or stop uncommitted), then
   * disconnects consumer and producer. Idempotent; safe after a failed start.
   */
  stop(): Promise<void> {
    // A start still waiting for Kafka gives up; then what it opened is closed.
    this.#abort.abort(new Error('normalizer stopping'));
    return this.#closer.close();
  }

  async #ensureTopics(): Promise<void> {
    const { topics, kafka, replicationFactor } = this.#options;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const specs = [
        topics.rawPlays,
        topics.artists,
        topics.albums,
        topics.tracks,
        topics.accounts,
        topics.plays,
        topics.deadLetter,
      ];
      const { created, drift } = await ensureTopics(
        admin,
        specs,
        replicationFactor === undefined ? {} : { replicationFactor },
      );
      if (created.length > 0) this.#logger.info({ created }, 'created topics');
      for (const d of drift) this.#logger.warn(d, 'topic differs from its declaration; left as it is');
    } finally {
      await admin.disconnect();
    }
  }

  async #handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    const { topic, partition } = batch;
    const { maxMessagesPerSend } = this.#options;
    for (let start = 0; start < batch.messages.length; start += maxMessagesPerSend) {
      // What is left is fetched again from the committed offset by whoever owns the partition next.
      if (!isRunning() || isStale()) return;
      const unit = batch.messages.slice(start, start + maxMessagesPerSend);
      const first = unit[0]?.offset;
      const last = unit.at(-1)?.offset;
      if (first === undefined || last === undefined) return;
      const endTimer = this.#metrics.batchDuration.startTimer();
      const planning = performance.now();
      const plan = planBatch(
        unit.map((m) => ({
          topic,
          partition,
          offset: m.offset,
          key: m.key,
          value: m.value,
          timestamp: m.timestamp,
        })),
        this.#planContext,
      );
      const producing = performance.now();
      if (plan.topicMessages.length > 0) {
        const producer = this.#producer;
        try {
          await producer.sendBatch({ topicMessages: plan.topicMessages, acks: -1 });
        } catch (error) {
          await this.#renewProducer(producer);
          throw new RetriableError(
            `normalizer: sending the outputs of ${topic}[${partition}] offsets ${first}..${last} failed; nothing committed, the unit will be consumed again`,
            { cause: error },
          );
        }
      }
      // Only now: a dimension whose send failed must be sent again next time.
      for (const e of plan.emitted) this.#cache.remember(e.kind, e.id, e.content);
      resolveOffset(last);
      // A batch from a transactional producer (the poller) ends in a commit marker that no message
      // carries; kafkajs counts it in batch.lastOffset(). Committing only past the last message
      // would leave the group one offset short of the log end for ever: lag that never clears.
      const endOfBatch = start + maxMessagesPerSend >= batch.messages.length;
      const next = (BigInt(endOfBatch ? batch.lastOffset() : last) + 1n).toString();
      const committing = performance.now();
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: next }] }] });
      this.#metrics.recordPhases({
        plan: producing - planning,
        produce: committing - producing,
        commit: performance.now() - committing,
      });
      this.#metrics.record(plan.counts);
      endTimer();
      if (plan.counts.consumed > plan.counts.facts) {
        this.#logger.warn(
          { topic, partition, first, last, deadLettered: plan.counts.deadLettered },
          'dead-lettered raw plays',
        );
      }
      await heartbeat();
    }
  }

  #watchReadiness(): void {
    const consumer = this.#consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.#joined = true;
    });
    for (const event of [consumer.events.REBALANCING, consumer.events.STOP, consumer.events.DISCONNECT]) {
      consumer.on(event, () => {
        this.#joined = false;
      });
    }
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.#joined = false;
      const level = payload.restart ? 'warn' : 'error';
      this.#logger[level](
        { err: payload.error, restart: payload.restart },
        payload.restart
          ? 'normalizer consumer crashed; kafkajs restarts it'
          : 'normalizer consumer crashed for good',
      );
    });
  }
}

function validate(options: NormalizerOptions): void {
  const problems: string[] = [];
  if (!options.groupId) problems.push('groupId must be a non-empty string');
  if (!Number.isInteger(options.maxMessagesPerSend) || options.maxMessagesPerSend < 1) {
    problems.push(`maxMessagesPerSend must be an integer >= 1, got ${options.maxMessagesPerSend}`);
  }
  if (
    !Number.isInteger(options.partitionsConsumedConcurrently) ||
    options.partitionsConsumedConcurrently < 1
  ) {
    problems.push(
      `partitionsConsumedConcurrently must be an integer >= 1, got ${options.partitionsConsumedConcurrently}`,
    );
  }
  if (problems.length > 0) throw new NonRetriableError(`Normalizer: ${problems.join('; ')}`);
}
