import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The sink's figures, registered on the registry it is given (never prom-client's global one). */
export class SinkMetrics {
  readonly recordsConsumed: Counter<'topic'>;
  readonly rowsWritten: Counter<'table'>;
  readonly batches: Counter<'outcome'>;
  readonly batchRecords: Histogram;
  readonly batchDuration: Histogram;
  readonly writeRetries: Counter;
  readonly commitFailures: Counter;
  readonly paused: Gauge;
  readonly deadLettered: Counter<'reason'>;
  readonly playLatency: Histogram;

  constructor(registry: Registry) {
    const registers = [registry];
    this.recordsConsumed = new Counter({
      name: 'sink_records_consumed_total',
      help: 'Messages read from Kafka, by topic',
      labelNames: ['topic'],
      registers,
    });
    this.rowsWritten = new Counter({
      name: 'sink_rows_written_total',
      help: 'Records handed to the warehouse in committed transactions, by table',
      labelNames: ['table'],
      registers,
    });
    this.batches = new Counter({
      name: 'sink_batches_total',
      help: 'Batches finished, by outcome (committed, abandoned, failed)',
      labelNames: ['outcome'],
      registers,
    });
    this.batchRecords = new Histogram({
      name: 'sink_batch_records',
      help: 'Messages per batch',
      buckets: [1, 10, 100, 500, 1_000, 5_000, 10_000, 20_000, 50_000, 100_000],
      registers,
    });
    this.batchDuration = new Histogram({
      name: 'sink_batch_duration_seconds',
      help: 'From sealing a batch to committing its offsets, retries included',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.writeRetries = new Counter({
      name: 'sink_write_retries_total',
      help: 'Warehouse writes retried after a retriable error',
      registers,
    });
    this.commitFailures = new Counter({
      name: 'sink_commit_failures_total',
      help: 'Offset commits refused after the warehouse committed (the records are read and written again, idempotently)',
      registers,
    });
    this.paused = new Gauge({
      name: 'sink_paused',
      help: '1 while consumption is paused because the warehouse is failing',
      registers,
    });
    this.deadLettered = new Counter({
      name: 'sink_dead_lettered_total',
      help: 'Messages sent to the dead-letter topic, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.playLatency = new Histogram({
      name: 'sink_play_latency_seconds',
      help: "From a fact's record timestamp (its raw play's: when the poller received the play, or when an import published it) to the commit of its row; sampled, at most 1,000 facts per batch",
      buckets: [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.5, 2, 3, 5, 10, 30, 60, 300, 3_600],
      registers,
    });
  }
}
