import { DLQ_HEADERS } from '@spotify-pipeline/avro';
import type { IHeaders } from 'kafkajs';

/** A dead letter as read back from the topic: the original message and why it was set aside. */
export interface DeadLetterRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly reason: string;
  readonly detail: string;
  /** Where the message was consumed from when it was rejected: where a replay sends it back. */
  readonly sourceTopic: string | undefined;
  readonly sourcePartition: string | undefined;
  readonly sourceOffset: string | undefined;
  readonly service: string | undefined;
  readonly at: string | undefined;
}

const text = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
};

export function toDeadLetterRecord(message: {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
}): DeadLetterRecord {
  return {
    partition: message.partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    reason: text(message.headers, DLQ_HEADERS.reason) ?? '(no reason header)',
    detail: text(message.headers, DLQ_HEADERS.detail) ?? '',
    sourceTopic: text(message.headers, DLQ_HEADERS.topic),
    sourcePartition: text(message.headers, DLQ_HEADERS.partition),
    sourceOffset: text(message.headers, DLQ_HEADERS.offset),
    service: text(message.headers, DLQ_HEADERS.service),
    at: text(message.headers, DLQ_HEADERS.at),
  };
}

export interface ReplayFilter {
  readonly reason?: string | undefined;
  readonly sourceTopic?: string | undefined;
}

export function matches(record: DeadLetterRecord, filter: ReplayFilter): boolean {
  return (
    (filter.reason === undefined || record.reason === filter.reason) &&
    (filter.sourceTopic === undefined || record.sourceTopic === filter.sourceTopic)
  );
}
