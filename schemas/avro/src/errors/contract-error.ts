/**
 * The base of the contracts' errors. The contracts import nothing of ours (they are the leaf every
 * program agrees on), so this is not the runtime's PipelineError; it carries the same two things,
 * `retriable` (always false: bytes or values that break a contract stay broken) and `cause`.
 */
export class ContractError extends Error {
  readonly retriable = false;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}
