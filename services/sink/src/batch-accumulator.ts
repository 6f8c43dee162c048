export interface BatchAccumulatorOptions<T> {
  /** A batch is flushed as soon as it holds this many items. */
  readonly maxItems: number;
  /** ...or this long after its first item arrived, or when the last hold() is released, whichever comes first. */
  readonly lingerMs: number;
  /** Writes one batch; batches are flushed one at a time, in the order they were sealed. */
  readonly flush: (items: T[]) => Promise<void>;
}

interface OpenBatch<T> {
  readonly items: T[];
  readonly done: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Gathers items from many concurrent producers (one per partition) into shared batches and tells
 * each producer when everything it added has been flushed. This is what lets the sink write one
 * transaction for records of all partitions and still commit each partition's offsets only after
 * the transaction that holds them.
 */
export class BatchAccumulator<T> {
  readonly #maxItems: number;
  readonly #lingerMs: number;
  readonly #flush: (items: T[]) => Promise<void>;
  #open: OpenBatch<T> | undefined;
  /** The flushes, chained so that at most one runs at a time. */
  #chain: Promise<void> = Promise.resolve();
  /** Producers that announced items (hold) and have not added them yet. */
  #holds = 0;

  constructor({ maxItems, lingerMs, flush }: BatchAccumulatorOptions<T>) {
    if (!Number.isInteger(maxItems) || maxItems < 1) {
      throw new RangeError(`BatchAccumulator: maxItems must be a positive integer, got ${maxItems}`);
    }
    if (!Number.isFinite(lingerMs) || lingerMs < 0) {
      throw new RangeError(`BatchAccumulator: lingerMs must be a non-negative number, got ${lingerMs}`);
    }
    this.#maxItems = maxItems;
    this.#lingerMs = lingerMs;
    this.#flush = flush;
  }

  /** Items waiting in the batch that is not yet sealed. */
  get pending(): number {
    return this.#open?.items.length ?? 0;
  }

  /**
   * Adds `items` (splitting them over several batches when they do not fit in one) and resolves
   * once every batch holding one of them has been flushed; rejects if any of those flushes failed.
   */
  add(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    const waits: Promise<void>[] = [];
    let next = 0;
    while (next < items.length) {
      const batch = this.#open ?? this.#openBatch();
      const take = Math.min(this.#maxItems - batch.items.length, items.length - next);
      for (let i = next; i < next + take; i += 1) batch.items.push(items[i] as T);
      next += take;
      if (waits.at(-1) !== batch.done) waits.push(batch.done);
      if (batch.items.length >= this.#maxItems) this.#seal(batch);
    }
    return waits.length === 1 ? (waits[0] as Promise<void>) : Promise.all(waits).then(() => undefined);
  }

  /**
   * Announces items on their way (a producer still decoding its records). When the last hold is
   * released, the open batch is sealed at once instead of lingering: the sink's producers are the
   * eachBatch calls of one fetch, all started together, and kafkajs fetches again only after every
   * one of them has returned, so no more items can come while the batch waits. The linger still
   * bounds how long a batch waits for a slow holder. Returns the release, idempotent; release it
   * after add() (or when the producer gives up).
   */
  hold(): () => void {
    this.#holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds -= 1;
      if (this.#holds === 0 && this.#open) this.#seal(this.#open);
    };
  }

  /** Seals the open batch now instead of when it fills or lingers out (used when stopping). */
  flushNow(): void {
    if (this.#open) this.#seal(this.#open);
  }

  /** Seals the open batch and waits until every sealed batch has been flushed (or failed). */
  async drain(): Promise<void> {
    this.flushNow();
    await this.#chain;
  }

  #openBatch(): OpenBatch<T> {
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A failed flush is reported to whoever added to the batch; no one else needs to hear of it.
    done.catch(() => {});
    const batch: OpenBatch<T> = { items: [], done, resolve, reject, timer: undefined };
    batch.timer = setTimeout(() => this.#seal(batch), this.#lingerMs);
    this.#open = batch;
    return batch;
  }

  #seal(batch: OpenBatch<T>): void {
    if (this.#open !== batch) return;
    clearTimeout(batch.timer);
    this.#open = undefined;
    const flushed = this.#chain.then(() => this.#flush(batch.items));
    flushed.then(batch.resolve, batch.reject);
    this.#chain = flushed.catch(() => {});
  }
}
