import { NonRetriableError } from '@spotify-pipeline/runtime';

export interface DimensionCacheOptions {
  /** Entries kept at most; the least recently used goes first. 0 keeps nothing. */
  readonly maxEntries: number;
  /** How long after it was emitted an entry still counts (inclusive); refreshed only by a new emit. */
  readonly ttlMs: number;
  /** Replaced in tests. */
  readonly now?: () => number;
}

/**
 * What a dimension record was emitted with: the record itself (a flat Avro record whose fields are
 * primitives or arrays of them), or any primitive that stands for it.
 */
export type DimensionContent = object | string | number;

/** A remembered record, when it was emitted, and its place in the recency order. */
interface Entry {
  readonly kind: string;
  readonly content: DimensionContent;
  readonly emittedAt: number;
  /** The value of the cache's counter when the entry was last put at the recent end. */
  recency: number;
}

/**
 * Remembers which dimension records were emitted recently and with what content, so an unchanged
 * record is not sent again. A bounded LRU with a TTL. The TTL counts from the emit, not from the
 * last hit: a record that is skipped forever would never be re-sent, and a re-send now and then
 * heals a record lost downstream.
 *
 * Why the record and not a hash of its bytes: the normalizer can then ask before it encodes, and
 * most dimension records of a steady stream are repeats; encoding and hashing them was a third of
 * its CPU (bench profile).
 *
 * How, and why not lru-cache: the normalizer asks about every dimension of every play (five per
 * play), and lru-cache's get, then building a `kind:id` key for each question, then moving the
 * entry on every hit, were each a visible cost in the bench's CPU profile. Entries are keyed by
 * id alone (Spotify ids do not repeat across kinds; if two did, their entries would replace each
 * other and both would be re-sent, never wrongly skipped: the kind and the content are compared).
 * A Map keeps insertion order, so the first key is the least recently used; a hit re-inserts its
 * entry only once it is in the older half of that order, which keeps eviction least-recently-used
 * for every entry that matters (one hit in the newer half is at least maxEntries/2 inserts from
 * eviction) at a fraction of the cost.
 *
 * The caller must `remember` only after the broker acknowledged the record, so a failed send never
 * suppresses a later one.
 */
export class DimensionCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #recency = 0;

  constructor({ maxEntries, ttlMs, now }: DimensionCacheOptions) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) {
      throw new NonRetriableError(`DimensionCache: maxEntries must be an integer >= 0, got ${maxEntries}`);
    }
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
      throw new NonRetriableError(`DimensionCache: ttlMs must be a positive number, got ${ttlMs}`);
    }
    this.#maxEntries = maxEntries;
    this.#ttlMs = ttlMs;
    this.#now = now ?? (() => performance.now());
  }

  get size(): number {
    return this.#entries.size;
  }

  /** True when the `kind` record `id` was emitted with this very content at most ttlMs ago. */
  isFresh(kind: string, id: string, content: DimensionContent): boolean {
    const entries = this.#entries;
    const entry = entries.get(id);
    if (entry === undefined || entry.kind !== kind) return false;
    if (this.#now() - entry.emittedAt > this.#ttlMs) {
      entries.delete(id);
      return false;
    }
    if (this.#recency - entry.recency >= this.#maxEntries / 2) {
      entries.delete(id);
      entry.recency = ++this.#recency;
      entries.set(id, entry);
    }
    return sameContent(entry.content, content);
  }

  /** Records that the `kind` record `id` was just emitted, acknowledged, with this content. */
  remember(kind: string, id: string, content: DimensionContent): void {
    if (this.#maxEntries === 0) return;
    const entries = this.#entries;
    entries.delete(id);
    entries.set(id, { kind, content, emittedAt: this.#now(), recency: ++this.#recency });
    if (entries.size > this.#maxEntries) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}

/**
 * Structural equality of plain data: primitives, null, Dates, plain objects and arrays (an array's
 * items compare by identity: the dimension records hold arrays of strings only).
 */
export function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let fields = 0;
  for (const key in left) {
    fields += 1;
    if (!(key in right)) return false;
    const x = left[key];
    const y = right[key];
    if (x !== y && !(typeof x === 'object' && x !== null && sameContent(x, y))) return false;
  }
  for (const _ in right) fields -= 1;
  return fields === 0;
}
