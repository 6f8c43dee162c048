import {
  isRetriable,
  type Logger,
  type NonRetriableError,
  PipelineError,
  retry,
} from '@spotify-pipeline/runtime';
import type { Warehouse, WriteReport } from '@spotify-pipeline/warehouse';
import {
  type BatchItem,
  type CommitOffset,
  commitOffsetsOf,
  latestPerKey,
  type SinkEntry,
  toWarehouseBatch,
} from './batch-item.ts';
import type { DeadLetterPublisher } from './dead-letter-publisher.ts';
import { BatchAbandonedError, WarehouseRefusedError } from './errors/index.ts';
import { writeIsolatingPoison } from './isolate-poison.ts';
import { playLatencies } from './play-latency.ts';
import { isRecordRejection } from './record-rejection.ts';
import type { SinkMetrics } from './sink-metrics.ts';

/** What a committed batch did, for the benchmark and for tests. */
export interface CommittedBatch {
  /** Messages the batch covered, dead-lettered ones included. */
  readonly messages: number;
  /** Records handed to the warehouse, per warehouse table (after one-per-key). */
  readonly rows: Readonly<Record<string, number>>;
  readonly deadLettered: number;
  readonly offsets: readonly CommitOffset[];
  readonly durationMs: number;
  /** Sum of the warehouse's reports of the transactions the batch took (more than one when bisected). */
  readonly reports: readonly WriteReport[];
}

export interface BatchWriterOptions {
  readonly warehouse: Warehouse;
  readonly deadLetters: DeadLetterPublisher;
  /** Commits consumer-group offsets; called only after the warehouse committed. */
  readonly commit: (offsets: CommitOffset[]) => Promise<void>;
  readonly metrics: SinkMetrics;
  readonly logger: Logger;
  readonly retryInitialDelayMs: number;
  readonly retryMaxDelayMs: number;
  /** Told `true` when a write starts failing and `false` when one succeeds again. */
  readonly onFailingChange: (failing: boolean) => void;
  readonly onBatchCommitted?: (batch: CommittedBatch) => void;
  /** Aborting it abandons the batch in hand (its offsets stay uncommitted). */
  readonly signal: AbortSignal;
}

/**
 * Writes one batch to the warehouse and only then commits its offsets. A retriable failure (the
 * database is down, a deadlock) is retried with backoff for as long as it takes, while the sink
 * pauses; rows the warehouse refuses for good are isolated and dead-lettered with its reason.
 */
export class BatchWriter {
  readonly #options: BatchWriterOptions;
  #failing = false;

  constructor(options: BatchWriterOptions) {
    this.#options = options;
  }

  async write(items: BatchItem[]): Promise<void> {
    const { metrics, logger, signal } = this.#options;
    const started = performance.now();
    const entries = latestPerKey(items);
    const reports: WriteReport[] = [];
    const rows: Record<string, number> = {};
    let deadLettered = 0;
    try {
      await writeIsolatingPoison(
        entries,
        async (subset) => {
          reports.push(await this.#writeOrRefuse(subset));
          for (const entry of subset) rows[entry.table.table] = (rows[entry.table.table] ?? 0) + 1;
        },
        async (entry, error) => {
          deadLettered += 1;
          await this.#deadLetterRefused(entry, error);
        },
      );
    } catch (error) {
      if (signal.aborted) {
        metrics.batches.inc({ outcome: 'abandoned' });
        throw new BatchAbandonedError(items.length, { cause: error });
      }
      metrics.batches.inc({ outcome: 'failed' });
      throw error;
    }
    const offsets = commitOffsetsOf(items);
    await this.#commit(offsets);
    const durationMs = performance.now() - started;
    metrics.batches.inc({ outcome: 'committed' });
    metrics.batchRecords.observe(items.length);
    metrics.batchDuration.observe(durationMs / 1000);
    for (const [table, count] of Object.entries(rows)) metrics.rowsWritten.inc({ table }, count);
    for (const seconds of playLatencies(items, Date.now())) metrics.playLatency.observe(seconds);
    logger.debug(
      { messages: items.length, rows, deadLettered, durationMs: Math.round(durationMs) },
      'batch committed',
    );
    this.#options.onBatchCommitted?.({
      messages: items.length,
      rows,
      deadLettered,
      offsets,
      durationMs,
      reports,
    });
  }

  async #writeRetrying(subset: readonly SinkEntry[]): Promise<WriteReport> {
    const { warehouse, metrics, logger, signal } = this.#options;
    // The one retry layer of a warehouse write (the warehouse tries each batch once): what may pass
    // (an outage, a deadlock) is retried with backoff for as long as it takes; nothing else is.
    const report = await retry(() => warehouse.writeBatch(toWarehouseBatch(subset)), {
      attempts: Number.POSITIVE_INFINITY,
      initialDelayMs: this.#options.retryInitialDelayMs,
      maxDelayMs: this.#options.retryMaxDelayMs,
      signal,
      shouldRetry: isRetriable,
      onRetry: (error, attempt, delayMs) => {
        metrics.writeRetries.inc();
        logger.warn(
          { err: error, attempt, delayMs, records: subset.length },
          'warehouse write failed; retrying',
        );
        this.#setFailing(true);
      },
    });
    this.#setFailing(false);
    return report;
  }

  /**
   * One write, retried while retriable. A refusal about a record goes on to be isolated and
   * dead-lettered; any other refusal would refuse every row alike (a dropped table, a revoked
   * grant), so it ends the batch as a WarehouseRefusedError for the operator, never dead letters.
   */
  async #writeOrRefuse(subset: readonly SinkEntry[]): Promise<WriteReport> {
    try {
      return await this.#writeRetrying(subset);
    } catch (error) {
      if (this.#options.signal.aborted || isRecordRejection(error) || !(error instanceof PipelineError))
        throw error;
      const refused = new WarehouseRefusedError(subset.length, { cause: error });
      this.#options.logger.error({ err: refused, records: subset.length }, refused.message);
      this.#setFailing(true);
      throw refused;
    }
  }

  async #deadLetterRefused(entry: SinkEntry, error: NonRetriableError): Promise<void> {
    const reason = 'rejected-by-warehouse';
    this.#options.logger.error(
      {
        err: error,
        topic: entry.source.topic,
        partition: entry.source.partition,
        offset: entry.source.offset,
      },
      'warehouse refused a record; dead-lettering it',
    );
    await this.#options.deadLetters.send([{ source: entry.source, why: { reason, detail: error.message } }]);
  }

  async #commit(offsets: CommitOffset[]): Promise<void> {
    try {
      await this.#options.commit(offsets);
    } catch (error) {
      // The rows are in the warehouse; only the bookmark is missing. This happens when the group
      // rebalanced while the batch was being written: the partition's next owner reads these
      // records again and the idempotent write leaves the warehouse as it is. Nothing is lost.
      this.#options.metrics.commitFailures.inc();
      this.#options.logger.warn(
        { err: error, offsets },
        'offset commit refused after the warehouse committed; records will be re-read',
      );
    }
  }

  #setFailing(failing: boolean): void {
    if (this.#failing === failing) return;
    this.#failing = failing;
    this.#options.onFailingChange(failing);
  }
}
