import { NonRetriableError } from '@spotify-pipeline/runtime';

export interface DimensionCacheOptions {
  /** Entries kept at most; the least recently used goes first. 0 keeps nothing. */
  readonly maxEntries: number;
  /** How long after it was emitted an entry still counts; refreshed only by a new emit. */
  readonly ttlMs: number;
  /** Replaced in tests. */
  readonly now?: () => number;
}

interface Entry {
  readonly contentHash: string;
  readonly emittedAt: number;
}

/**
 * Remembers which dimension records were emitted recently and with what content, so an unchanged
 * record is not sent again. A bounded LRU (a Map keeps insertion order; a hit re-inserts) with a
 * TTL. The TTL counts from the emit, not from the last hit: a record that is skipped forever would
 * never be re-sent, and a re-send now and then heals a record lost downstream.
 *
 * The caller must `remember` only after the broker acknowledged the record, so a failed send never
 * suppresses a later one.
 */
export class DimensionCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor({ maxEntries, ttlMs, now = Date.now }: DimensionCacheOptions) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) {
      throw new NonRetriableError(`DimensionCache: maxEntries must be an integer >= 0, got ${maxEntries}`);
    }
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
      throw new NonRetriableError(`DimensionCache: ttlMs must be a positive number, got ${ttlMs}`);
    }
    this.#maxEntries = maxEntries;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** True when `key` was emitted with this very content less than ttlMs ago. */
  isFresh(key: string, contentHash: string): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    if (this.#now() - entry.emittedAt >= this.#ttlMs) {
      this.#entries.delete(key);
      return false;
    }
    if (entry.contentHash !== contentHash) return false;
    // Most recently used goes to the end of the Map's order.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return true;
  }

  /** Records that `key` was just emitted, acknowledged, with this content. */
  remember(key: string, contentHash: string): void {
    if (this.#maxEntries === 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, { contentHash, emittedAt: this.#now() });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}
