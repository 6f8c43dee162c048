import type { IHeaders } from 'kafkajs';
import type { SourceMessage } from './batch-item.ts';

export interface DeadLetterReason {
  /** Machine code, e.g. `undecodable` or `rejected-by-warehouse`. */
  readonly reason: string;
  /** A sentence a person can act on. */
  readonly detail: string;
}

/**
 * The original headers plus the `dlq.*` ones of the contract (docs/contracts.md), so that a
 * dead letter says what went wrong and where the original sits.
 */
export function deadLetterHeaders(
  source: SourceMessage,
  { reason, detail }: DeadLetterReason,
  service: string,
  at: Date,
): IHeaders {
  return {
    ...source.headers,
    'dlq.reason': reason,
    'dlq.detail': detail,
    'dlq.topic': source.topic,
    'dlq.partition': String(source.partition),
    'dlq.offset': source.offset,
    'dlq.service': service,
    'dlq.at': at.toISOString(),
  };
}
