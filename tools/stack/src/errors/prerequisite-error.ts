import { NonRetriableError } from '@spotify-pipeline/runtime';

/** A program the stack needs is missing or too old; the message says which and how to get it. */
export class PrerequisiteError extends NonRetriableError {
  readonly program: string;

  constructor(program: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.program = program;
  }
}
