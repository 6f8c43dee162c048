import type { Kafka, Producer, TopicMessages } from 'kafkajs';

/**
 * An idempotent producer whose `send` resolves only when every replica has acknowledged the
 * messages (acks = all), so whatever the caller records afterwards is really in Kafka. Idempotence
 * keeps kafkajs's own retries from writing a message twice. `close()` is idempotent.
 */
export class AcknowledgedProducer {
  readonly #producer: Producer;
  /** Who owns it, for the error of a send before `connect()` or after `close()`. */
  readonly #owner: string;
  #connected = false;
  #closing: Promise<void> | undefined;

  constructor(kafka: Kafka, owner: string) {
    this.#owner = owner;
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

  async send(topicMessages: TopicMessages[]): Promise<void> {
    if (this.#closing) throw new Error(`${this.#owner} is closed`);
    if (!this.#connected) throw new Error(`${this.#owner} is not connected`);
    if (topicMessages.every((t) => t.messages.length === 0)) return;
    await this.#producer.sendBatch({ topicMessages, acks: -1 });
  }

  close(): Promise<void> {
    this.#closing ??= this.#connected ? this.#producer.disconnect() : Promise.resolve();
    return this.#closing;
  }
}
