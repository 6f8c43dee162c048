import type { Logger } from '../logger.ts';

type Step = { readonly name: string; readonly close: () => Promise<unknown> | unknown };

/**
 * Releases resources in the reverse order they were acquired, like a stack of `finally` blocks.
 * As in bullmq's `close()`, it is idempotent (a second call gets the first call's promise) and a
 * failing step is logged and passed over so the later steps still run.
 */
export class Closer {
  readonly #steps: Step[] = [];
  readonly #logger: Logger | undefined;
  #closing: Promise<void> | undefined;

  constructor(logger?: Logger) {
    this.#logger = logger;
  }

  /** Registers a resource to release; returns the resource for chaining at acquisition. */
  add<T>(name: string, close: () => Promise<unknown> | unknown, resource?: T): T | undefined {
    this.#steps.push({ name, close });
    return resource;
  }

  get closing(): boolean {
    return this.#closing !== undefined;
  }

  close(): Promise<void> {
    this.#closing ??= this.#run();
    return this.#closing;
  }

  async #run(): Promise<void> {
    for (const step of this.#steps.toReversed()) {
      try {
        await step.close();
      } catch (error) {
        this.#logger?.error({ err: error, step: step.name }, 'failed to close resource; continuing');
      }
    }
  }
}
