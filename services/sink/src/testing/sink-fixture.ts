import {
  type AccountRecord,
  type AlbumRecord,
  type ArtistRecord,
  codecs,
  type PlayFact,
  type TrackRecord,
} from '@spotify-pipeline/avro';
import {
  createKafka,
  createLogger,
  ensureTopics,
  type Logger,
  type Topics,
  topicsFor,
} from '@spotify-pipeline/runtime';
import { TEST_BROKERS, TEST_DATABASE_URL, testLogLevel, uniqueName } from '@spotify-pipeline/test-support';
import { PostgresWarehouse } from '@spotify-pipeline/warehouse';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { loadSinkConfig, type SinkConfig } from '../config.ts';
import { SINK_TABLES } from '../sink-tables.ts';

export { TEST_DATABASE_URL };

export interface Dataset {
  artists: ArtistRecord[];
  albums: AlbumRecord[];
  tracks: TrackRecord[];
  accounts: AccountRecord[];
  plays: PlayFact[];
}

/** A small, consistent star: every play references dimensions in the dataset. */
export function makeDataset(plays: number, { accounts = 3, tracks = 12 } = {}): Dataset {
  const artists = Array.from({ length: 4 }, (_, i) => ({
    artist_id: `ar${i}`,
    name: `Artist ${i}`,
    uri: `spotify:artist:ar${i}`,
  }));
  const albums = Array.from({ length: 4 }, (_, i) => ({
    album_id: `al${i}`,
    name: `Album ${i}`,
    uri: `spotify:album:al${i}`,
    album_type: 'album',
    release_date: '2020-05-01',
    release_date_precision: 'day',
    release_year: 2020,
    total_tracks: 10,
    image_url: null,
    primary_artist_id: `ar${i}`,
  }));
  const trackList = Array.from({ length: tracks }, (_, i) => ({
    track_id: `tr${i}`,
    name: `Track ${i}`,
    uri: `spotify:track:tr${i}`,
    duration_ms: 180_000 + i,
    explicit: i % 2 === 0,
    disc_number: 1,
    track_number: i + 1,
    album_id: `al${i % 4}`,
    artist_ids: [`ar${i % 4}`, `ar${(i + 1) % 4}`],
    isrc: null,
  }));
  const accountList = Array.from({ length: accounts }, (_, i) => ({
    account_id: `acc${i}`,
    display_name: `Listener ${i}`,
    country: 'SE',
    time_zone: 'UTC',
  }));
  const start = Date.UTC(2025, 0, 1);
  const playList = Array.from({ length: plays }, (_, i): PlayFact => {
    const playedAt = new Date(start + i * 61_000);
    const track = i % tracks;
    return {
      account_id: `acc${i % accounts}`,
      played_at: playedAt,
      time_zone: 'UTC',
      local_date_key: Number(playedAt.toISOString().slice(0, 10).replaceAll('-', '')),
      local_time_key: playedAt.getUTCHours() * 100 + playedAt.getUTCMinutes(),
      track_id: `tr${track}`,
      album_id: `al${track % 4}`,
      primary_artist_id: `ar${track % 4}`,
      context_type: null,
      context_uri: null,
      ms_played: 1000 + i,
      source: 'api',
      reason_start: null,
      reason_end: null,
      shuffle: null,
      skipped: null,
      offline: null,
    };
  });
  return { artists, albums, tracks: trackList, accounts: accountList, plays: playList };
}

/**
 * One test's world: its own topics, group name and warehouse schema (migrated), and helpers to
 * produce records and read the warehouse back. `close()` deletes all of it.
 */
export class SinkFixture {
  readonly label: string;
  readonly prefix: string;
  readonly topics: Topics;
  readonly schema: string;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: Producer;
  readonly warehouse: PostgresWarehouse;
  readonly logger: Logger;
  #groups = 0;

  private constructor(label: string) {
    const suffix = uniqueName('x').slice('t_x_'.length);
    this.label = label;
    this.prefix = `t_sink_${label}_${suffix}.`;
    this.schema = `t_sink_${label}_${suffix}`.toLowerCase();
    this.topics = topicsFor(this.prefix);
    this.logger = createLogger('sink-test', testLogLevel());
    this.kafka = createKafka({ brokers: [...TEST_BROKERS], clientId: this.prefix, logger: this.logger });
    this.admin = this.kafka.admin();
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
    this.warehouse = new PostgresWarehouse({ connectionString: TEST_DATABASE_URL, schema: this.schema });
  }

  static async create(label: string): Promise<SinkFixture> {
    const fixture = new SinkFixture(label);
    await fixture.admin.connect();
    await ensureTopics(fixture.admin, [
      ...SINK_TABLES.map((t) => fixture.topics[t.topicId]),
      fixture.topics.deadLetter,
    ]);
    await fixture.producer.connect();
    await fixture.warehouse.migrate();
    return fixture;
  }

  /** A group name no other test uses; each call gives a new one (a replay from the beginning). */
  newGroupId(): string {
    this.#groups += 1;
    return `${this.prefix}group${this.#groups}`;
  }

  /** The environment a sink of this test runs with (also what a child process gets). */
  env(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      KAFKA_BROKERS: TEST_BROKERS.join(','),
      TOPIC_PREFIX: this.prefix,
      DATABASE_URL: TEST_DATABASE_URL,
      // These tests inspect PostgreSQL. An MSSQL_URL in the environment (the GitHub Actions job
      // with a SQL Server service) is for the warehouse suite; empty means unset, also in a child.
      MSSQL_URL: '',
      WAREHOUSE_SCHEMA: this.schema,
      SINK_GROUP_ID: this.newGroupId(),
      SINK_BATCH_LINGER_MS: '50',
      SINK_RETRY_INITIAL_DELAY_MS: '50',
      SINK_RETRY_MAX_DELAY_MS: '500',
      SINK_SESSION_TIMEOUT_MS: '10000',
      SINK_HEARTBEAT_INTERVAL_MS: '500',
      LOG_LEVEL: testLogLevel(),
      HTTP_PORT: '0',
      ...overrides,
    };
  }

  config(overrides: Record<string, string> = {}): SinkConfig {
    return loadSinkConfig(this.env(overrides));
  }

  async produce(data: Partial<Dataset>): Promise<void> {
    const send = async <T>(
      topic: string,
      records: readonly T[] | undefined,
      key: (r: T) => string,
      encode: (r: T) => Buffer,
    ) => {
      if (!records || records.length === 0) return;
      for (let i = 0; i < records.length; i += 5_000) {
        await this.producer.send({
          topic,
          acks: -1,
          messages: records.slice(i, i + 5_000).map((r) => ({ key: key(r), value: encode(r) })),
        });
      }
    };
    const t = this.topics;
    await send(
      t.artists.name,
      data.artists,
      (r) => r.artist_id,
      (r) => codecs.artist.encode(r),
    );
    await send(
      t.albums.name,
      data.albums,
      (r) => r.album_id,
      (r) => codecs.album.encode(r),
    );
    await send(
      t.tracks.name,
      data.tracks,
      (r) => r.track_id,
      (r) => codecs.track.encode(r),
    );
    await send(
      t.accounts.name,
      data.accounts,
      (r) => r.account_id,
      (r) => codecs.account.encode(r),
    );
    await send(
      t.plays.name,
      data.plays,
      (r) => r.account_id,
      (r) => codecs.playFact.encode(r),
    );
  }

  async count(table: string, where = 'true'): Promise<number> {
    const [row] = await this.warehouse.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${this.schema}".${table} WHERE ${where}`,
    );
    return Number(row?.n ?? 0);
  }

  /** The fact table as comparable text, in key order. */
  async playsSnapshot(): Promise<string[]> {
    const rows = await this.warehouse.query<{ k: string }>(
      `SELECT account_id || '|' || to_char(played_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') || '|' || track_id || '|' || coalesce(ms_played::text, '') AS k
         FROM "${this.schema}".fact_play ORDER BY account_id, played_at`,
    );
    return rows.map((r) => r.k);
  }

  /** Every table's full content as JSON text, for "the warehouse did not change" comparisons. */
  async warehouseSnapshot(): Promise<string> {
    const tables = [
      'dim_artist',
      'dim_album',
      'dim_track',
      'bridge_track_artist',
      'dim_account',
      'fact_play',
    ];
    const parts: string[] = [];
    for (const table of tables) {
      const rows = await this.warehouse.query<{ j: unknown }>(
        `SELECT to_jsonb(t) - 'updated_at' - 'loaded_at' - 'created_at' AS j FROM "${this.schema}".${table} t`,
      );
      parts.push(
        `${table}:${JSON.stringify(
          rows
            .map((r) => r.j)
            .map((j) => JSON.stringify(j))
            .sort(),
        )}`,
      );
    }
    return parts.join('\n');
  }

  async close(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
    await this.warehouse.dropSchema().catch(() => undefined);
    await this.warehouse.close().catch(() => undefined);
    await this.admin
      .deleteTopics({ topics: Object.values(this.topics).map((t) => t.name) })
      .catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
  }
}

/** Expected fact rows in playsSnapshot's format. */
export function expectedPlays(plays: readonly PlayFact[]): string[] {
  return plays
    .map(
      (p) => `${p.account_id}|${p.played_at.toISOString().slice(0, 23)}|${p.track_id}|${p.ms_played ?? ''}`,
    )
    .sort();
}
