import { PipelineError } from '@spotify-pipeline/runtime';

/**
 * The warehouse refused a batch for a reason that is not about any record (a missing table, a
 * revoked grant, a constraint the schema lost): every row would be refused alike, so the batch is
 * neither retried in place nor bisected into dead letters. It ends the batch uncommitted and reaches
 * the operator: logged as an error, the sink's consumer stops (its crash is logged and /readyz says
 * it is out of the group), and a sink restarted once the warehouse is fixed reads the batch again
 * from the committed offsets.
 * Not retriable, and deliberately not a NonRetriableError, which is what bisecting isolates.
 */
export class WarehouseRefusedError extends PipelineError {
  readonly records: number;

  constructor(records: number, options: { cause?: unknown } = {}) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      `the warehouse refused a batch of ${records} records for a reason no record explains (${reason}); nothing was committed; fix the warehouse, then restart the sink and it reads the batch again`,
      { ...options, retriable: false },
    );
    this.records = records;
  }
}
