import {
  type Logger,
  STILL_PENDING,
  settledWithin,
  type Topics,
  untilReachable,
} from '@spotify-pipeline/runtime';
import type { Warehouse } from '@spotify-pipeline/warehouse';
import type { Consumer, EachBatchPayload, KafkaMessage, Producer } from 'kafkajs';
import { BatchAccumulator } from './batch-accumulator.ts';
import type { BatchItem, SourceMessage } from './batch-item.ts';
import { BatchWriter, type CommittedBatch } from './batch-writer.ts';
import { type DeadLetter, DeadLetterPublisher } from './dead-letter-publisher.ts';
import { BatchAbandonedError } from './errors/index.ts';
import type { SinkMetrics } from './sink-metrics.ts';
import { SINK_TABLES, type SinkTable } from './sink-tables.ts';

export const SINK_SERVICE_NAME = 'sink';

export interface SinkMemberOptions {
  /** This member's own consumer in the sink group: one writer, one consumer. */
  readonly consumer: Consumer;
  /** Sends dead letters; connected and disconnected by the sink. */
  readonly producer: Producer;
  readonly topics: Topics;
  readonly warehouse: Warehouse;
  readonly metrics: SinkMetrics;
  readonly logger: Logger;
  readonly batchSize: number;
  readonly batchLingerMs: number;
  readonly partitionsConcurrency: number;
  readonly retryInitialDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly stopGraceMs: number;
  readonly heartbeatIntervalMs: number;
  readonly onBatchCommitted?: (batch: CommittedBatch) => void;
  /** Told when this member pauses its consumption (its writes keep failing) and resumes it. */
  readonly onPausedChange?: (paused: boolean) => void;
}

/**
 * One member of the sink's consumer group with one writer: the partitions the group gives it feed
 * one shared batch, written in one warehouse transaction at a time. Each `eachBatch` call waits
 * until the transaction holding its records has committed and the offsets after them are committed
 * too, so a rebalance (which waits for `eachBatch`) never hands on a partition with records
 * written but not committed, or committed but not written. kafkajs fetches again only once every
 * `eachBatch` of a fetch has returned, so a member does not fetch while it writes: a sink instance
 * runs several members (see sink.ts) so that one fetches and decodes while another writes.
 */
export class SinkMember {
  readonly #o: SinkMemberOptions;
  readonly #tablesByTopic: ReadonlyMap<string, SinkTable>;
  readonly #topicIdByName: ReadonlyMap<string, string>;
  readonly #lane: BatchAccumulator<BatchItem>;
  readonly #deadLetters: DeadLetterPublisher;
  readonly #abandon = new AbortController();
  /** Ends a start still waiting for Kafka. */
  readonly #startAbort = new AbortController();
  #inGroup = false;
  #paused = false;
  #started = false;
  #stopping: Promise<void> | undefined;

  constructor(options: SinkMemberOptions) {
    this.#o = options;
    this.#tablesByTopic = new Map(SINK_TABLES.map((t) => [options.topics[t.topicId].name, t]));
    this.#topicIdByName = new Map(SINK_TABLES.map((t) => [options.topics[t.topicId].name, t.topicId]));
    this.#deadLetters = new DeadLetterPublisher({
      producer: options.producer,
      topic: options.topics.deadLetter.name,
      service: SINK_SERVICE_NAME,
      onSent: (letters) => {
        for (const { why } of letters) options.metrics.deadLettered.inc({ reason: why.reason });
      },
    });
    const writer = new BatchWriter({
      warehouse: options.warehouse,
      deadLetters: this.#deadLetters,
      commit: (offsets) => options.consumer.commitOffsets(offsets),
      metrics: options.metrics,
      logger: options.logger,
      retryInitialDelayMs: options.retryInitialDelayMs,
      retryMaxDelayMs: options.retryMaxDelayMs,
      // Consumption pauses while the writes fail: fetching more would only hold more in memory.
      onFailingChange: (failing) => this.#setPaused(failing),
      signal: this.#abandon.signal,
      ...(options.onBatchCommitted ? { onBatchCommitted: options.onBatchCommitted } : {}),
    });
    this.#lane = new BatchAccumulator<BatchItem>({
      maxItems: options.batchSize,
      lingerMs: options.batchLingerMs,
      flush: (items) => writer.write(items),
    });
  }

  /** True while this member is in the group (joined, not crashed or stopped). */
  get inGroup(): boolean {
    return this.#inGroup;
  }

  /** True while consumption is paused because the warehouse keeps failing. */
  get paused(): boolean {
    return this.#paused;
  }

  get topicNames(): string[] {
    return [...this.#tablesByTopic.keys()];
  }

  async start(): Promise<void> {
    if (this.#started) throw new Error('SinkMember.start() called twice');
    this.#started = true;
    const { consumer, producer, logger } = this.#o;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.#inGroup = true;
      logger.info(
        { memberId: payload.memberId, assignment: payload.memberAssignment },
        'joined the sink group',
      );
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.#inGroup = false;
      logger.error({ err: payload.error, restart: payload.restart }, 'sink consumer crashed');
    });
    consumer.on(consumer.events.STOP, () => {
      this.#inGroup = false;
    });
    consumer.on(consumer.events.DISCONNECT, () => {
      this.#inGroup = false;
    });
    // A broker killed between start.ts's topic check and these steps made the sink exit at start-up
    // (the chaos run saw it); like that check, each step waits for Kafka, and stop() ends the wait.
    const waiting = { logger, signal: this.#startAbort.signal };
    await untilReachable('kafka', () => producer.connect(), waiting);
    await untilReachable('kafka', () => consumer.connect(), waiting);
    // A new group reads from the beginning: the topics are the warehouse's full history.
    await untilReachable(
      'kafka',
      () => consumer.subscribe({ topics: this.topicNames, fromBeginning: true }),
      waiting,
    );
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.#o.partitionsConcurrency,
      eachBatch: (payload) => this.#eachBatch(payload),
    });
  }

  /**
   * Stops fetching, writes the batch in hand (giving up on it after `stopGraceMs` if the warehouse
   * is down: it stays uncommitted and is read again), commits, leaves the group, disconnects.
   * Idempotent. The warehouse is not closed here: whoever opened it closes it.
   */
  stop(): Promise<void> {
    this.#startAbort.abort(new Error('sink stopping'));
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    const { consumer, producer } = this.#o;
    this.#lane.flushNow();
    const grace = setTimeout(() => this.#abandon.abort(new Error('sink stopping')), this.#o.stopGraceMs);
    try {
      // kafkajs's stop waits for a join in progress, which waits for every member of the group to
      // rejoin: a member stopped during its own first join never does, so the other waited up to
      // the session timeout (a sink took over 30 s to stop at start-up). Past the grace the member
      // disconnects anyway: its uncommitted records are read again by whoever gets them.
      if (
        this.#started &&
        (await settledWithin(() => consumer.stop(), this.#o.stopGraceMs)) === STILL_PENDING
      )
        this.#o.logger.warn({ graceMs: this.#o.stopGraceMs }, 'consumer still stopping; disconnecting it');
      await this.#lane.drain();
    } finally {
      clearTimeout(grace);
      // Nothing may wait on a backoff once the consumer is gone.
      this.#abandon.abort(new Error('sink stopped'));
      await consumer
        .disconnect()
        .catch((error: unknown) => this.#o.logger.warn({ err: error }, 'consumer disconnect failed'));
      await producer
        .disconnect()
        .catch((error: unknown) => this.#o.logger.warn({ err: error }, 'producer disconnect failed'));
    }
  }

  async #eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale() || this.#stopping) return;
    // Taken before the first await: every eachBatch of a fetch holds the batch open until it has
    // added its records, and the last one to add seals it (no linger while partitions wait).
    const lane = this.#lane;
    const release = lane.hold();
    try {
      await this.#consume(lane, batch, resolveOffset, heartbeat, release);
    } finally {
      release();
    }
  }

  async #consume(
    lane: BatchAccumulator<BatchItem>,
    batch: EachBatchPayload['batch'],
    resolveOffset: EachBatchPayload['resolveOffset'],
    heartbeat: EachBatchPayload['heartbeat'],
    release: () => void,
  ): Promise<void> {
    const table = this.#tablesByTopic.get(batch.topic);
    if (table === undefined) throw new Error(`sink received topic ${batch.topic} it did not subscribe to`);
    const items: BatchItem[] = [];
    const deadLetters: DeadLetter[] = [];
    for (const message of batch.messages) {
      const { item, deadLetter } = this.#decode(table, batch.topic, batch.partition, message);
      items.push(item);
      if (deadLetter) deadLetters.push(deadLetter);
    }
    const last = batch.messages.at(-1);
    if (last === undefined) return;
    this.#o.metrics.recordsConsumed.inc(
      { topic: this.#topicIdByName.get(batch.topic) ?? batch.topic },
      items.length,
    );
    // Undecodable messages go to the dead-letter topic before their offsets can be committed.
    await this.#deadLetters.send(deadLetters);
    // The batch may wait for the warehouse for a long time; the group must not think we died.
    const beat = setInterval(() => {
      heartbeat().catch(() => {
        // A rebalance is announced here; kafkajs rejoins once this eachBatch returns.
      });
    }, this.#o.heartbeatIntervalMs);
    try {
      const written = lane.add(items);
      release();
      await written;
    } catch (error) {
      if (error instanceof BatchAbandonedError) return;
      throw error;
    } finally {
      clearInterval(beat);
    }
    resolveOffset(last.offset);
  }

  #decode(
    table: SinkTable,
    topic: string,
    partition: number,
    message: KafkaMessage,
  ): { item: BatchItem; deadLetter?: DeadLetter } {
    const source: SourceMessage = {
      topic,
      partition,
      offset: message.offset,
      key: message.key,
      value: message.value,
      headers: message.headers,
      timestamp: message.timestamp,
    };
    if (message.value === null) {
      // The normalizer never deletes a dimension; a tombstone here is someone else's write.
      const why = {
        reason: 'tombstone',
        detail: `a tombstone on ${topic}: the warehouse keeps dimension history and deletes nothing`,
      };
      return { item: { source }, deadLetter: { source, why } };
    }
    try {
      const record = table.decode(message.value);
      return { item: { source, entry: { table, naturalKey: table.naturalKey(record), record, source } } };
    } catch (error) {
      const detail = `${table.topicId} record at ${topic}/${partition}@${message.offset} cannot be decoded: ${error instanceof Error ? error.message : String(error)}`;
      this.#o.logger.error(
        { err: error, topic, partition, offset: message.offset },
        'undecodable message; dead-lettering it',
      );
      return { item: { source }, deadLetter: { source, why: { reason: 'undecodable', detail } } };
    }
  }

  #setPaused(paused: boolean): void {
    if (this.#paused === paused) return;
    this.#paused = paused;
    this.#o.onPausedChange?.(paused);
    const topics = this.topicNames.map((topic) => ({ topic }));
    try {
      if (paused) this.#o.consumer.pause(topics);
      else this.#o.consumer.resume(topics);
    } catch (error) {
      this.#o.logger.warn({ err: error, paused }, 'could not change the consumer pause state');
    }
    if (paused) this.#o.logger.warn('warehouse failing: consumption paused until a write succeeds');
    else this.#o.logger.info('warehouse writes succeed again: consumption resumed');
  }
}
