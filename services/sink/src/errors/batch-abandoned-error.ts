import { RetriableError } from '@spotify-pipeline/runtime';

/**
 * The sink stopped before a batch could be written. Nothing of it was committed, so whoever owns
 * its partitions next reads it again: retriable, and not a loss.
 */
export class BatchAbandonedError extends RetriableError {
  readonly records: number;

  constructor(records: number, options: { cause?: unknown } = {}) {
    super(
      `sink stopped before a batch of ${records} records was written; its offsets stay uncommitted`,
      options,
    );
    this.records = records;
  }
}
