import { codecs } from '@spotify-pipeline/avro';
import type { Topics } from '@spotify-pipeline/runtime';
import type { Kafka } from 'kafkajs';
import { AcknowledgedProducer } from '../publish/acknowledged-producer.ts';
import type { TrackDimensions } from './track-records.ts';

/**
 * Publishes the records of looked-up tracks to the dimension topics (keyed by id, compacted), where
 * the sink upserts them and so completes the inferred members. Once `publish` resolves, every
 * replica has the lookup's result (see AcknowledgedProducer).
 */
export class DimensionPublisher {
  readonly #producer: AcknowledgedProducer;
  readonly #topics: Topics;

  constructor(kafka: Kafka, topics: Topics) {
    this.#topics = topics;
    this.#producer = new AcknowledgedProducer(kafka, 'DimensionPublisher');
  }

  connect(): Promise<void> {
    return this.#producer.connect();
  }

  async publish({ artists, album, track }: TrackDimensions): Promise<void> {
    await this.#producer.send([
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
    ]);
  }

  close(): Promise<void> {
    return this.#producer.close();
  }
}
