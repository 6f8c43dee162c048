import { NonRetriableError } from '@spotify-pipeline/runtime';

/** The linking callback cannot be completed: unknown or expired state, user denied, bad zone. */
export class LinkError extends NonRetriableError {
  /** HTTP status to answer the browser with. */
  readonly status: number;

  constructor(message: string, status = 400, options: { cause?: unknown } = {}) {
    super(message, options);
    this.status = status;
  }
}
