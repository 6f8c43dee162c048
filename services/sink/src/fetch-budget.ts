/**
 * Wire bytes of one fact as the normalizer writes it (Avro, key, record overhead): ~200 B. The
 * dimension records are larger but few; the fetch budget is sized for the facts, the backlog.
 */
export const WIRE_BYTES_PER_RECORD = 200;

/**
 * Full batches in one fetch of a member (one writer). When the writers shared one consumer, one
 * batch per writer made a fetch round end when the slowest writer had written its only batch:
 * 20% fewer rows/s in the sink bench's first load, and two were the default (the sink process
 * peaked at ~386-393 MB at 1,000,000 facts at once; the target is 400 MB). With a consumer per
 * member the members' fetches no longer wait for each other, and two batches each peaked at
 * 410 MB; one each at 330 MB but 11-22% fewer rows/s; one and a half at 367 MB with the first
 * load and the replay as fast as with two (same day, same machine).
 */
const BATCHES_PER_MEMBER = 1.5;

/** The Fetch request's byte limits are int32. */
const KAFKA_MAX_FETCH_BYTES = 2 ** 31 - 1;

/** What one fetch of the sink's consumer may hold (kafkajs's `maxBytes`, `maxBytesPerPartition`). */
export interface FetchBudget {
  readonly maxBytes: number;
  readonly maxBytesPerPartition: number;
}

/**
 * The bound on records in flight of one sink member (one consumer, one writer; see sink.ts).
 * kafkajs fetches again only once every `eachBatch` of the previous fetch has returned, and the
 * sink's return only after the warehouse committed, so the records a member has fetched, decoded
 * and is writing are never more than one fetch: a couple of full batches. Each fact costs ~10x its
 * wire size in the heap (the kafkajs message with its buffer slices, the decoded record, its batch
 * item), so a fetch of several batches per writer (32 MiB, ~160k facts) made the sink's RSS
 * 600-730 MB under a backlog (a heap snapshot: 119k facts alive, ~1.9 KB each).
 *
 * The fetch is shared evenly among the fact partitions the member reads (the backlog), so that a
 * fetch draws from every one of them rather than filling up from the first.
 */
export function fetchBudget({
  batchSize,
  partitions,
}: {
  batchSize: number;
  /** Fact partitions one member reads while its instance is the only one (partitions / writers). */
  partitions: number;
}): FetchBudget {
  const maxBytes = Math.min(
    KAFKA_MAX_FETCH_BYTES,
    Math.ceil(BATCHES_PER_MEMBER * batchSize * WIRE_BYTES_PER_RECORD),
  );
  return {
    maxBytes,
    // Kafka returns a partition's first record batch even when it is larger than this.
    maxBytesPerPartition: Math.max(64 * 1024, Math.ceil(maxBytes / Math.max(1, partitions))),
  };
}
