import { NonRetriableError } from '@spotify-pipeline/runtime';
import { LRUCache } from 'lru-cache';

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

/**
 * Remembers which dimension records were emitted recently and with what content, so an unchanged
 * record is not sent again. A bounded LRU with a TTL (lru-cache). The TTL counts from the emit, not
 * from the last hit: a record that is skipped forever would never be re-sent, and a re-send now
 * and then heals a record lost downstream.
 *
 * Why the record and not a hash of its bytes: the normalizer can then ask before it encodes, and
 * most dimension records of a steady stream are repeats; encoding and hashing them was a third of
 * its CPU (bench profile).
 *
 * The caller must `remember` only after the broker acknowledged the record, so a failed send never
 * suppresses a later one.
 */
export class DimensionCache {
  readonly #entries: LRUCache<string, DimensionContent> | undefined;

  constructor({ maxEntries, ttlMs, now }: DimensionCacheOptions) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) {
      throw new NonRetriableError(`DimensionCache: maxEntries must be an integer >= 0, got ${maxEntries}`);
    }
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
      throw new NonRetriableError(`DimensionCache: ttlMs must be a positive number, got ${ttlMs}`);
    }
    this.#entries =
      maxEntries === 0
        ? undefined
        : new LRUCache<string, DimensionContent>({
            max: maxEntries,
            ttl: ttlMs,
            updateAgeOnGet: false,
            ...(now === undefined ? {} : { perf: { now }, ttlResolution: 0 }),
          });
  }

  get size(): number {
    return this.#entries?.size ?? 0;
  }

  /** True when `key` was emitted with this very content at most ttlMs ago. */
  isFresh(key: string, content: DimensionContent): boolean {
    const remembered = this.#entries?.get(key);
    return remembered !== undefined && sameContent(remembered, content);
  }

  /** Records that `key` was just emitted, acknowledged, with this content. */
  remember(key: string, content: DimensionContent): void {
    this.#entries?.set(key, content);
  }

  clear(): void {
    this.#entries?.clear();
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
