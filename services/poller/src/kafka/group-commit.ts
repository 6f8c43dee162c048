export interface GroupCommitOptions<T> {
  /** Commits a group of items at once (one Kafka transaction); rejects if the group failed. */
  readonly run: (group: readonly T[]) => Promise<void>;
  /** How much an item weighs against `maxWeight` (e.g. its messages); at least one item per group. */
  readonly weight: (item: T) => number;
  /** A group is closed before this weight is exceeded. */
  readonly maxWeight: number;
}

interface Pending<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: one group runs at a time; the items that arrive while it runs go together in the
 * next one. An idle queue runs an item at once (no linger), a busy one pays one commit for all that
 * waited instead of one each after the other, so a burst waits at most about two commits. When a
 * group of several fails, each of its items runs again alone, so one item's failure (a record the
 * broker refuses) is its own and never another's.
 */
export class GroupCommitQueue<T> {
  readonly #o: GroupCommitOptions<T>;
  #pending: Pending<T>[] = [];
  #running: Promise<void> | undefined;

  constructor(options: GroupCommitOptions<T>) {
    if (!(options.maxWeight >= 1)) throw new RangeError(`GroupCommitQueue: maxWeight must be >= 1`);
    this.#o = options;
  }

  /** Resolves once the group holding `item` committed; rejects with the error of its own run. */
  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      this.#running ??= this.#drain();
    });
  }

  /** Resolves when every item added so far has run (committed or failed). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const group = this.#nextGroup();
        try {
          await this.#o.run(group.map((p) => p.item));
          for (const p of group) p.resolve();
        } catch (error) {
          if (group.length === 1) group[0]?.reject(error);
          else await this.#runAlone(group);
        }
      }
    } finally {
      this.#running = undefined;
    }
  }

  #nextGroup(): Pending<T>[] {
    let weight = 0;
    let count = 0;
    for (const p of this.#pending) {
      const w = this.#o.weight(p.item);
      if (count > 0 && weight + w > this.#o.maxWeight) break;
      weight += w;
      count += 1;
    }
    return this.#pending.splice(0, count);
  }

  async #runAlone(group: readonly Pending<T>[]): Promise<void> {
    for (const p of group) {
      try {
        await this.#o.run([p.item]);
        p.resolve();
      } catch (error) {
        p.reject(error);
      }
    }
  }
}
