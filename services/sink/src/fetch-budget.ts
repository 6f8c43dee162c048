/**
 * Wire bytes of one fact as the normalizer writes it (Avro, key, record overhead): ~200 B. The
 * dimension records are larger but few; the fetch budget is sized for the facts, the backlog.
 */
export const WIRE_BYTES_PER_RECORD = 200;

/**
 * Full batches per writer in one fetch. With one, a fetch round ends when the slowest writer has
 * written its only batch and the next fetch and decode do not overlap any write: 20% fewer rows/s
 * in the sink bench's first load. With two, the first load was where it was with 32 MiB fetches
 * and the sink process peaked at ~386 MB at 1,000,000 facts at once (the target is 400 MB).
 */
const BATCHES_PER_WRITER = 2;

/** The Fetch request's byte limits are int32. */
const KAFKA_MAX_FETCH_BYTES = 2 ** 31 - 1;

/** What one fetch of the sink's consumer may hold (kafkajs's `maxBytes`, `maxBytesPerPartition`). */
export interface FetchBudget {
  readonly maxBytes: number;
  readonly maxBytesPerPartition: number;
}

/**
 * The sink's bound on records in flight. kafkajs fetches again only once every `eachBatch` of the
 * previous fetch has returned, and the sink's return only after the warehouse committed, so the
 * records fetched, decoded and being written are never more than one fetch: a couple of full
 * batches per writer. Each fact costs ~10x its wire size in the heap (the kafkajs message with its buffer
 * slices, the decoded record, its batch item), so a fetch of several batches per writer (32 MiB,
 * ~160k facts) made the sink's RSS 600-730 MB under a backlog (a heap snapshot: 119k facts alive,
 * ~1.9 KB each).
 *
 * The fetch is shared evenly among the partitions of the fact topic (the backlog): a fetch
 * draws from every one of them, and since each writer owns an even share of them (WriteLanes),
 * each writer gets its share. A per-partition share of half a batch left some partitions out of a
 * fetch, so one writer could get most of it while the other waited.
 */
export function fetchBudget({
  writers,
  batchSize,
  partitions,
}: {
  writers: number;
  batchSize: number;
  /** Partitions of the fact topic. */
  partitions: number;
}): FetchBudget {
  const maxBytes = Math.min(
    KAFKA_MAX_FETCH_BYTES,
    BATCHES_PER_WRITER * writers * batchSize * WIRE_BYTES_PER_RECORD,
  );
  return {
    maxBytes,
    // Kafka returns a partition's first record batch even when it is larger than this.
    maxBytesPerPartition: Math.max(64 * 1024, Math.ceil(maxBytes / Math.max(1, partitions))),
  };
}
