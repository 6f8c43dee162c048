import { NonRetriableError } from '@spotify-pipeline/runtime';

/** The bytes are not one JSON array: reading the same file again cannot help. */
export class JsonArraySyntaxError extends NonRetriableError {
  /** Byte offset in the file where the problem was found. */
  readonly offset: number;

  constructor(message: string, offset: number, options: { cause?: unknown } = {}) {
    super(`${message} at byte ${offset}`, options);
    this.offset = offset;
  }
}
