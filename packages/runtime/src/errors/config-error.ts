import { NonRetriableError } from './pipeline-error.ts';

export interface ConfigProblem {
  /** The environment variable, e.g. `KAFKA_BROKERS`. */
  readonly variable: string;
  readonly problem: string;
}

/**
 * A wrong or missing environment variable. The message names every variable that is wrong, never
 * its value: a value may be a secret.
 */
export class ConfigError extends NonRetriableError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable}: ${p.problem}`).join('; ')}`);
    this.problems = problems;
  }
}
