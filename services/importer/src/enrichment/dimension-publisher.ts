import { codecs } from '@spotify-pipeline/avro';
import type { Topics } from '@spotify-pipeline/runtime';
import type { Kafka, Producer } from 'kafkajs';
import type { TrackDimensions } from './track-records.ts';

/**
 * Publishes the records of looked-up tracks to the dimension topics (keyed by id, compacted), where
 * the sink upserts them and so completes the inferred members. Idempotent producer, acks from every
 * replica: once `publish` resolves, the lookup's result is safe in Kafka.
 */
export class DimensionPublisher {
  readonly #producer: Producer;
  readonly #topics: Topics;
  #connected = false;
  #closing: Promise<void> | undefined;

  constructor(kafka: Kafka, topics: Topics) {
    this.#topics = topics;
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

  async publish(dimensions: TrackDimensions): Promise<void> {
    if (this.#closing) throw new Error('DimensionPublisher is closed');
    if (!this.#connected) throw new Error('DimensionPublisher is not connected');
    const { artists, album, track } = dimensions;
    await this.#producer.sendBatch({
      acks: -1,
      topicMessages: [
        {
          topic: this.#topics.artists.name,
          messages: artists.map((a) => ({ key: a.artist_id, value: codecs.artist.encode(a) })),
        },
        {
          topic: this.#topics.albums.name,
          messages: [{ key: album.album_id, value: codecs.album.encode(album) }],
        },
        {
          topic: this.#topics.tracks.name,
          messages: [{ key: track.track_id, value: codecs.track.encode(track) }],
        },
      ],
    });
  }

  close(): Promise<void> {
    this.#closing ??= this.#connected ? this.#producer.disconnect() : Promise.resolve();
    return this.#closing;
  }
}
