import type { BatchAccumulator } from './batch-accumulator.ts';
import type { BatchItem } from './batch-item.ts';

/**
 * The partitions of one sink split among several writers, each with its own batches and
 * transactions, written in parallel: one instance uses the database the way as many instances
 * would. A PostgreSQL statement runs on one core, so a single writer leaves the others idle while
 * it merges. A partition keeps its lane for the life of the sink (its records must reach the
 * warehouse, and their offsets the group, in order); each topic's partitions are dealt out in the
 * order they are first seen, so every lane gets a share of every topic.
 */
export class WriteLanes {
  readonly #lanes: readonly BatchAccumulator<BatchItem>[];
  readonly #laneOf = new Map<string, BatchAccumulator<BatchItem>>();
  readonly #dealtPerTopic = new Map<string, number>();

  constructor(lanes: readonly BatchAccumulator<BatchItem>[]) {
    if (lanes.length === 0) throw new RangeError('WriteLanes: at least one lane is needed');
    this.#lanes = lanes;
  }

  /** The lane of a partition: the same one every time. */
  of(topic: string, partition: number): BatchAccumulator<BatchItem> {
    const id = `${topic}\u0000${partition}`;
    let lane = this.#laneOf.get(id);
    if (lane === undefined) {
      const dealt = this.#dealtPerTopic.get(topic) ?? 0;
      this.#dealtPerTopic.set(topic, dealt + 1);
      lane = this.#lanes[dealt % this.#lanes.length] as BatchAccumulator<BatchItem>;
      this.#laneOf.set(id, lane);
    }
    return lane;
  }

  /** Seals every lane's open batch now. */
  flushNow(): void {
    for (const lane of this.#lanes) lane.flushNow();
  }

  /** Seals every open batch and waits until every lane has flushed (or failed) all it sealed. */
  async drain(): Promise<void> {
    await Promise.all(this.#lanes.map((lane) => lane.drain()));
  }
}
