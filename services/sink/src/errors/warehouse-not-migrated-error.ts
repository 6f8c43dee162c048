import { NonRetriableError } from '@spotify-pipeline/runtime';

/** The sink never creates or alters tables; migrations are a separate, deliberate step. */
export class WarehouseNotMigratedError extends NonRetriableError {
  readonly schema: string;
  readonly pending: readonly string[];

  constructor(schema: string, pending: readonly string[], options: { cause?: unknown } = {}) {
    super(
      `warehouse schema "${schema}" is not migrated (pending: ${pending.join(', ')}): run npm run migrate first`,
      options,
    );
    this.schema = schema;
    this.pending = pending;
  }
}
