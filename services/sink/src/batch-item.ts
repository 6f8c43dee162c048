import type { WarehouseBatch } from '@spotify-pipeline/warehouse';
import type { IHeaders } from 'kafkajs';
import type { BatchTable, SinkTable, WarehouseRecord } from './sink-tables.ts';

/** Where a message sits, and what of it the dead-letter topic needs to carry it on. */
export interface SourceMessage {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets are 64-bit; kept as the decimal string kafkajs gives. */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders | undefined;
  /**
   * The record's Kafka timestamp (unix ms, as kafkajs gives it). A fact carries its raw play's,
   * which the poller sets to when it received the play: sink_play_latency_seconds starts there.
   */
  readonly timestamp?: string;
}

/** A decoded record on its way to the warehouse. */
export interface SinkEntry {
  readonly table: SinkTable;
  readonly naturalKey: string;
  readonly record: WarehouseRecord;
  readonly source: SourceMessage;
}

/**
 * One consumed message in a batch. `entry` is absent when the message went to the dead-letter
 * topic instead: its offset still has to be committed with the batch, or it would be read forever.
 */
export interface BatchItem {
  readonly source: SourceMessage;
  readonly entry?: SinkEntry;
}

export interface CommitOffset {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to read: the highest offset of the batch in this partition, plus one. */
  readonly offset: string;
}

/**
 * Orders two Kafka offsets as kafkajs gives them: decimal strings of non-negative integers without
 * leading zeros, so the shorter is the smaller and equal lengths compare as text. Exact like
 * BigInt, without making two BigInts for every record of a batch.
 */
export function compareOffsets(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The offsets to commit once `items` are in the warehouse: per partition, its highest plus one. */
export function commitOffsetsOf(items: readonly BatchItem[]): CommitOffset[] {
  const highest = new Map<string, { topic: string; partition: number; offset: string }>();
  for (const { source } of items) {
    const id = `${source.topic}\u0000${source.partition}`;
    const seen = highest.get(id);
    if (seen === undefined)
      highest.set(id, { topic: source.topic, partition: source.partition, offset: source.offset });
    else if (compareOffsets(source.offset, seen.offset) > 0) seen.offset = source.offset;
  }
  return [...highest.values()].map(({ topic, partition, offset }) => ({
    topic,
    partition,
    offset: String(BigInt(offset) + 1n),
  }));
}

/**
 * One entry per natural key, the one with the highest offset: a compacted dimension topic may
 * still hold several versions of a key, and one statement cannot update a row twice.
 */
export function latestPerKey(items: readonly BatchItem[]): SinkEntry[] {
  const latest = new Map<string, SinkEntry>();
  for (const { entry } of items) {
    if (entry === undefined) continue;
    const id = `${entry.table.batchKey}\u0000${entry.naturalKey}`;
    const seen = latest.get(id);
    if (
      seen === undefined ||
      entry.source.partition !== seen.source.partition ||
      compareOffsets(entry.source.offset, seen.source.offset) >= 0
    ) {
      latest.set(id, entry);
    }
  }
  return [...latest.values()];
}

/** The argument of Warehouse.writeBatch. */
export function toWarehouseBatch(entries: readonly SinkEntry[]): WarehouseBatch {
  const batch: Record<BatchTable, WarehouseRecord[]> = {
    artists: [],
    albums: [],
    tracks: [],
    accounts: [],
    plays: [],
  };
  for (const entry of entries) batch[entry.table.batchKey].push(entry.record);
  // Each table's records were decoded by that table's codec (sink-tables.ts).
  return batch as WarehouseBatch;
}
