import { NonRetriableError } from '@spotify-pipeline/runtime';

/** The sink never creates or alters tables; migrations are a separate, deliberate step. */
export class WarehouseNotMigratedError extends NonRetriableError {
  readonly schema: string;

  constructor(schema: string, options: { cause?: unknown } = {}) {
    super(`warehouse schema "${schema}" is not migrated: run npm run migrate first`, options);
    this.schema = schema;
  }
}
