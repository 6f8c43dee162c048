import type { Kafka, Message, Producer } from 'kafkajs';

/**
 * Sends batches of raw plays with an idempotent producer and resolves only when every broker has
 * acknowledged them (acks = all), so whatever the caller records afterwards is really in Kafka.
 * Idempotence keeps kafkajs's own retries from writing a message twice.
 */
export class RawPlayPublisher {
  readonly #producer: Producer;
  readonly #topic: string;
  #connected = false;
  #closing: Promise<void> | undefined;

  constructor(kafka: Kafka, topic: string) {
    if (!topic) throw new TypeError('RawPlayPublisher: topic must not be empty');
    this.#topic = topic;
    this.#producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
  }

  async connect(): Promise<void> {
    await this.#producer.connect();
    this.#connected = true;
  }

  async send(messages: readonly Message[]): Promise<void> {
    if (this.#closing) throw new Error('RawPlayPublisher is closed');
    if (!this.#connected) throw new Error('RawPlayPublisher is not connected');
    if (messages.length === 0) return;
    await this.#producer.sendBatch({
      topicMessages: [{ topic: this.#topic, messages: [...messages] }],
      acks: -1,
    });
  }

  close(): Promise<void> {
    this.#closing ??= this.#connected ? this.#producer.disconnect() : Promise.resolve();
    return this.#closing;
  }
}
