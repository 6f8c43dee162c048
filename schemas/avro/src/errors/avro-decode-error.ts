import { ContractError } from './contract-error.ts';

/** Why bytes could not be decoded; a machine code a dead-letter header can carry. */
export type AvroDecodeFailure =
  | 'not-bytes'
  | 'too-short'
  | 'bad-marker'
  | 'truncated'
  | 'corrupt'
  | 'trailing-bytes';

/** The bytes are not a well-formed single-object encoded value of a known schema. */
export class AvroDecodeError extends ContractError {
  readonly reason: AvroDecodeFailure;
  /** The codec that was asked, e.g. `rawPlay`. */
  readonly codec: string;

  constructor(codec: string, reason: AvroDecodeFailure, detail: string, options: { cause?: unknown } = {}) {
    super(`${codec}: cannot decode (${reason}): ${detail}`, options);
    this.codec = codec;
    this.reason = reason;
  }
}
