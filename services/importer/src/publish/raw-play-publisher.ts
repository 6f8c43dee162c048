import type { Kafka, Message } from 'kafkajs';
import { AcknowledgedProducer } from './acknowledged-producer.ts';

/**
 * Sends batches of raw plays and resolves only when every broker has acknowledged them, so
 * whatever the caller records afterwards is really in Kafka (see AcknowledgedProducer).
 */
export class RawPlayPublisher {
  readonly #producer: AcknowledgedProducer;
  readonly #topic: string;

  constructor(kafka: Kafka, topic: string) {
    if (!topic) throw new TypeError('RawPlayPublisher: topic must not be empty');
    this.#topic = topic;
    this.#producer = new AcknowledgedProducer(kafka, 'RawPlayPublisher');
  }

  connect(): Promise<void> {
    return this.#producer.connect();
  }

  async send(messages: readonly Message[]): Promise<void> {
    await this.#producer.send([{ topic: this.#topic, messages: [...messages] }]);
  }

  close(): Promise<void> {
    return this.#producer.close();
  }
}
