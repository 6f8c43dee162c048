/**
 * Why a raw play produced no facts. Each code is the `dlq.reason` header of its dead letter, so an
 * operator can count and replay by reason.
 */
export type RejectionReason =
  | 'undecodable'
  | 'episode'
  | 'local-track'
  | 'missing-field'
  | 'invalid-time-zone'
  // A normalized record the output schema refuses: a bug in the mapping, kept out of the loop.
  | 'unencodable';

export const REJECTION_REASONS: readonly RejectionReason[] = [
  'undecodable',
  'episode',
  'local-track',
  'missing-field',
  'invalid-time-zone',
  'unencodable',
];

export interface Rejection {
  readonly ok: false;
  readonly reason: RejectionReason;
  /** A sentence for a person, naming the field or the value at fault. */
  readonly detail: string;
}

export function reject(reason: RejectionReason, detail: string): Rejection {
  return { ok: false, reason, detail };
}
