import { ContractError } from './contract-error.ts';

export interface AvroFieldProblem {
  /** Dotted path to the offending field, e.g. `track.album.images[0].url`; `(root)` for the value. */
  readonly path: string;
  /** What the schema wanted there, e.g. `string` or `["null","int"]`. */
  readonly expected: string;
  /** A short rendering of what was there instead. */
  readonly actual: string;
}

/** A value does not match the writer schema, so it cannot be encoded. A bug in the producer. */
export class AvroEncodeError extends ContractError {
  readonly codec: string;
  readonly problems: readonly AvroFieldProblem[];

  constructor(codec: string, problems: readonly AvroFieldProblem[], options: { cause?: unknown } = {}) {
    const listed = problems.map((p) => `${p.path}: expected ${p.expected}, got ${p.actual}`).join('; ');
    super(`${codec}: cannot encode: ${listed || 'value does not match the schema'}`, options);
    this.codec = codec;
    this.problems = problems;
  }
}
