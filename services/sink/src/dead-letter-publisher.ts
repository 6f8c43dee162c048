import { type DeadLetterReason, deadLetterMessage } from '@spotify-pipeline/runtime';
import type { Producer } from 'kafkajs';
import type { SourceMessage } from './batch-item.ts';

export interface DeadLetter {
  readonly source: SourceMessage;
  readonly why: DeadLetterReason;
}

/**
 * Sends messages the sink cannot store to the dead-letter topic: same key, same bytes, the
 * contract's `dlq.*` headers. It resolves only once the broker has them (acks from all in-sync
 * replicas), because the offsets of the originals are committed right after.
 */
export class DeadLetterPublisher {
  readonly #producer: Producer;
  readonly #topic: string;
  readonly #service: string;
  readonly #onSent: (letters: readonly DeadLetter[]) => void;

  constructor(options: {
    producer: Producer;
    topic: string;
    service: string;
    onSent?: (letters: readonly DeadLetter[]) => void;
  }) {
    this.#producer = options.producer;
    this.#topic = options.topic;
    this.#service = options.service;
    this.#onSent = options.onSent ?? (() => {});
  }

  async send(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const at = new Date();
    await this.#producer.send({
      topic: this.#topic,
      acks: -1,
      messages: letters.map(({ source, why }) => deadLetterMessage(source, why, this.#service, at)),
    });
    this.#onSent(letters);
  }
}
