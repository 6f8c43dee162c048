const REMEMBERED = 512;

/**
 * The warehouse keys a play by (account, played_at). Account-data exports give minutes, so two
 * short plays that end in the same minute would share a key and one would be lost. A repeat is
 * moved 1 ms later, which depends only on the order of entries in the file, so re-importing the
 * same file gives the same times and the warehouse still deduplicates re-runs.
 */
export class UniquePlayedAt {
  readonly #used = new Set<number>();
  readonly #order: number[] = [];

  take(date: Date): Date {
    let ms = date.getTime();
    if (!this.#used.has(ms)) return this.#remember(ms, date);
    while (this.#used.has(ms)) ms += 1;
    return this.#remember(ms, new Date(ms));
  }

  #remember(ms: number, date: Date): Date {
    this.#used.add(ms);
    this.#order.push(ms);
    if (this.#order.length > REMEMBERED) this.#used.delete(this.#order.shift()!);
    return date;
  }
}
