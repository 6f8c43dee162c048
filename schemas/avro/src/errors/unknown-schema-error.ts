import { ContractError } from './contract-error.ts';

/**
 * The message's writer-schema fingerprint names no schema version this codec knows. Either the
 * producer runs a newer contract than this consumer (deploy the consumer) or the bytes are not ours.
 */
export class UnknownSchemaError extends ContractError {
  /** The fingerprint as 16 hex digits, in the big-endian order schema registries print it. */
  readonly fingerprint: string;
  /** The codec that was asked, e.g. `rawPlay`. */
  readonly codec: string;

  constructor(codec: string, fingerprint: string, known: readonly string[]) {
    super(`${codec}: no known schema has fingerprint ${fingerprint} (known: ${known.join(', ') || 'none'})`);
    this.codec = codec;
    this.fingerprint = fingerprint;
  }
}
