/**
 * Wire bytes of one fact as the normalizer writes it (Avro, key, record overhead): ~200 B. The
 * dimension records are larger but few; the fetch budget is sized for the facts, the backlog.
 */
export const WIRE_BYTES_PER_RECORD = 200;

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
 * records fetched, decoded and being written are never more than one fetch: about one full batch
 * per writer. Each fact costs ~10x its wire size in the heap (the kafkajs message with its buffer
 * slices, the decoded record, its batch item), so a fetch of several batches per writer (32 MiB,
 * ~160k facts) made the sink's RSS 600-730 MB under a backlog. Fetches of about one batch per
 * writer keep every writer busy with full batches: a writer's next batch comes with the next
 * fetch, which starts as soon as the slowest writer committed.
 *
 * A partition gives at most half a batch, so one fetch draws from at least two partitions per
 * writer and a writer whose partitions lag is not left alone with the whole fetch.
 */
export function fetchBudget({ writers, batchSize }: { writers: number; batchSize: number }): FetchBudget {
  const batchBytes = batchSize * WIRE_BYTES_PER_RECORD;
  return {
    maxBytes: Math.min(KAFKA_MAX_FETCH_BYTES, writers * batchBytes),
    // Kafka returns a partition's first record batch even when it is larger than this.
    maxBytesPerPartition: Math.min(KAFKA_MAX_FETCH_BYTES, Math.max(64 * 1024, Math.ceil(batchBytes / 2))),
  };
}
