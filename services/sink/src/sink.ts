import type { Consumer, Producer } from 'kafkajs';
import { SinkMember, type SinkMemberOptions } from './sink-member.ts';
import type { SinkMetrics } from './sink-metrics.ts';

export { SINK_SERVICE_NAME } from './sink-member.ts';

export interface SinkOptions extends Omit<SinkMemberOptions, 'consumer' | 'producer' | 'onPausedChange'> {
  /** Members of the group this instance runs, each with one writer (SINK_WRITERS). */
  readonly writers: number;
  /**
   * A new consumer in the sink group, one per member, with kafkajs's `retry.restartOnFailure` set
   * to `restartOnFailure`: a consumer that crashes is restarted unless the sink is stopping.
   */
  readonly newConsumer: (restartOnFailure: () => Promise<boolean>) => Consumer;
  /** A new producer for a member's dead letters (connected and disconnected by the member). */
  readonly newProducer: () => Producer;
  readonly metrics: SinkMetrics;
}

/**
 * One sink instance: `writers` members of the sink group, each with its own consumer, batches and
 * transactions, as that many instances would be. With one consumer shared by the writers, kafkajs
 * fetched again only once every batch of the last fetch was written, so every writer waited
 * through each fetch and its decoding (busy 1.25-1.45 of 2 in the sink bench); with a consumer
 * each, one member fetches and decodes while another writes. A partition belongs to one member at
 * a time, so its records reach the warehouse, and its offsets the group, in order.
 */
export class Sink {
  readonly #members: readonly SinkMember[];
  readonly #metrics: SinkMetrics;
  #stopping: Promise<void> | undefined;

  constructor(options: SinkOptions) {
    const { writers, newConsumer, newProducer, ...shared } = options;
    if (!Number.isInteger(writers) || writers < 1)
      throw new RangeError(`Sink: writers must be a positive integer, got ${writers}`);
    this.#metrics = options.metrics;
    this.#members = Array.from(
      { length: writers },
      () =>
        new SinkMember({
          ...shared,
          // No restart once stopping: a member stopped during its first join has its join cut by
          // the disconnect, and kafkajs restarted such a crashed consumer, which rejoined and kept
          // the process alive after the sink had stopped.
          consumer: newConsumer(async () => this.#stopping === undefined),
          producer: newProducer(),
          onPausedChange: () => this.#metrics.paused.set(this.paused ? 1 : 0),
        }),
    );
  }

  /** True while every member is in the group (joined, not crashed or stopped). */
  get inGroup(): boolean {
    return this.#members.every((m) => m.inGroup);
  }

  /** True while a member has paused its consumption because the warehouse keeps failing. */
  get paused(): boolean {
    return this.#members.some((m) => m.paused);
  }

  get topicNames(): string[] {
    return (this.#members[0] as SinkMember).topicNames;
  }

  /** Starts every member; if one cannot start, the others are stopped and the error thrown. */
  async start(): Promise<void> {
    const started = await Promise.allSettled(this.#members.map((m) => m.start()));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed !== undefined) {
      await this.stop();
      throw failed.reason;
    }
  }

  /** Stops every member (each writes or abandons the batch in hand first). Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= Promise.all(this.#members.map((m) => m.stop())).then(() => undefined);
    return this.#stopping;
  }
}
