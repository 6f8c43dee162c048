import { DLQ_HEADERS } from '@spotify-pipeline/avro';
import type { IHeaders, Message } from 'kafkajs';

// The header names are an agreement between programs: their home is the contracts package.
export { DLQ_HEADERS };

/** A consumed message, as much of it as a dead letter keeps. */
export interface DeadLetterSource {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets are 64-bit; kept as the decimal string kafkajs gives. */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: IHeaders | undefined;
}

export interface DeadLetterReason {
  /** Machine code an operator counts and replays by, e.g. `undecodable`. */
  readonly reason: string;
  /** A sentence a person can act on, naming the field or value at fault. */
  readonly detail: string;
}

/**
 * The dead letter of a message: its original key, bytes and headers, untouched so it can be
 * replayed once the cause is fixed, plus the `dlq.*` headers that say why and where from.
 */
export function deadLetterMessage(
  source: DeadLetterSource,
  { reason, detail }: DeadLetterReason,
  service: string,
  at: Date,
): Message {
  return {
    key: source.key,
    value: source.value,
    headers: {
      ...source.headers,
      [DLQ_HEADERS.reason]: reason,
      [DLQ_HEADERS.detail]: detail,
      [DLQ_HEADERS.topic]: source.topic,
      [DLQ_HEADERS.partition]: String(source.partition),
      [DLQ_HEADERS.offset]: source.offset,
      [DLQ_HEADERS.service]: service,
      [DLQ_HEADERS.at]: at.toISOString(),
    },
  };
}
