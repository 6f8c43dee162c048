import type { Message } from 'kafkajs';
import type { Rejection } from './rejection.ts';

/** A consumed message, as much of it as the normalizer reads. */
export interface SourceMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

/**
 * The dead letter of a message: its original key and bytes, untouched so it can be replayed once
 * the cause is fixed, and headers that say why and where it came from.
 */
export function deadLetter(source: SourceMessage, rejection: Rejection, service: string, at: Date): Message {
  return {
    key: source.key,
    value: source.value,
    headers: {
      'dlq.reason': rejection.reason,
      'dlq.detail': rejection.detail,
      'dlq.topic': source.topic,
      'dlq.partition': String(source.partition),
      'dlq.offset': source.offset,
      'dlq.service': service,
      'dlq.at': at.toISOString(),
    },
  };
}
