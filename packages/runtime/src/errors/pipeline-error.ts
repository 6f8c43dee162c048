/**
 * The root of every error this project throws on purpose. Like kafkajs's KafkaJSError, each error
 * says whether trying again can help (`retriable`) and keeps what caused it (`cause`), so one retry
 * helper can decide for every caller and no stack trace is lost on the way up.
 */
export class PipelineError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** Retrying cannot help: a programming or contract problem, or a permanent refusal. */
export class NonRetriableError extends PipelineError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, retriable: false });
  }
}

/** Retrying may help: a network blip, a busy dependency, a deadlock victim. */
export class RetriableError extends PipelineError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, retriable: true });
  }
}

export function isRetriable(error: unknown): boolean {
  return error instanceof PipelineError && error.retriable;
}
