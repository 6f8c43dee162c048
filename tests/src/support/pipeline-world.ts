import { codecs, type RawPlay } from '@spotify-pipeline/avro';
import { loadNormalizerConfig, type NormalizerHandle, startNormalizer } from '@spotify-pipeline/normalizer';
import {
  Closer,
  createLogger,
  type Logger,
  type StoppableHandle,
  waitUntil,
} from '@spotify-pipeline/runtime';
import { loadSinkConfig, type SinkHandle, startSink } from '@spotify-pipeline/sink';
import { TEST_DATABASE_URL, testLogLevel } from '@spotify-pipeline/test-support';
import { PostgresWarehouse } from '@spotify-pipeline/warehouse';
import type { Message, Producer } from 'kafkajs';
import { consumerLag } from './consumer-lag.ts';
import { TEST_BROKERS, type TestKafka, testKafka } from './kafka.ts';
import { WarehouseInspector } from './warehouse-inspector.ts';

export { TEST_DATABASE_URL };

/** Messages per producer request: large enough to be fast, small enough for the broker's 1 MB default. */
const SEND_BATCH = 1_000;

/**
 * One test's whole pipeline world: its own topics (every declared one, under a unique prefix), its
 * own migrated warehouse schema, consumer groups named after it, and the normalizers and sinks it
 * started. `close()` stops those services, then deletes the groups, the schema and the topics; it is
 * idempotent and goes on past a step that fails.
 */
export class PipelineWorld {
  readonly kafka: TestKafka;
  readonly warehouse: PostgresWarehouse;
  readonly inspect: WarehouseInspector;
  readonly logger: Logger;
  readonly #producer: Producer;
  readonly #closer: Closer;
  readonly #groups = new Set<string>();

  private constructor(
    kafka: TestKafka,
    warehouse: PostgresWarehouse,
    producer: Producer,
    closer: Closer,
    logger: Logger,
  ) {
    this.kafka = kafka;
    this.warehouse = warehouse;
    this.inspect = new WarehouseInspector(warehouse);
    this.#producer = producer;
    this.#closer = closer;
    this.logger = logger;
  }

  /** `label`: lower-case letters, digits and `_`; it names the topics, groups and schema. */
  /** `brokers`: the shared test broker by default, or a cluster the test started. */
  static async create(
    label: string,
    { brokers = TEST_BROKERS }: { brokers?: readonly string[] } = {},
  ): Promise<PipelineWorld> {
    if (!/^[a-z][a-z0-9_]{0,20}$/.test(label))
      throw new RangeError(
        `PipelineWorld.create: label must be 1-21 of [a-z0-9_] starting with a letter, got ${JSON.stringify(label)}`,
      );
    // Silent by default: kafkajs logs every rebalance as an error, which is noise in a passing run.
    const logger = createLogger('pipeline-test', testLogLevel());
    const closer = new Closer(logger);
    try {
      const kafka = await testKafka(label, brokers);
      closer.add('topics', () => kafka.close());
      const warehouse = new PostgresWarehouse({
        connectionString: TEST_DATABASE_URL,
        schema: kafka.prefix.slice(0, -1).toLowerCase(),
      });
      closer.add('warehouse pool', () => warehouse.close());
      closer.add('warehouse schema', () => warehouse.dropSchema());
      await warehouse.migrate();
      const producer = kafka.kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      const world = new PipelineWorld(kafka, warehouse, producer, closer, logger);
      closer.add('consumer groups', () => world.#deleteGroups());
      closer.add('producer', () => producer.disconnect());
      return world;
    } catch (error) {
      await closer.close();
      throw error;
    }
  }

  get topics(): TestKafka['topics'] {
    return this.kafka.topics;
  }

  get schema(): string {
    return this.warehouse.schema;
  }

  /** A consumer group of this test (deleted on close); the same role gives the same group. */
  groupId(role: string): string {
    const id = `${this.kafka.prefix}${role}`;
    this.#groups.add(id);
    return id;
  }

  /** What a normalizer of this world runs with; `overrides` win. */
  normalizerEnv(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      KAFKA_BROKERS: this.kafka.brokers.join(','),
      TOPIC_PREFIX: this.kafka.prefix,
      NORMALIZER_GROUP_ID: this.groupId('normalizer'),
      NORMALIZER_MAX_MESSAGES_PER_SEND: '5000',
      LOG_LEVEL: testLogLevel(),
      HTTP_PORT: '0',
      ...overrides,
    };
  }

  /** What a sink of this world runs with (in-process or as a child process); `overrides` win. */
  sinkEnv(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      KAFKA_BROKERS: this.kafka.brokers.join(','),
      TOPIC_PREFIX: this.kafka.prefix,
      DATABASE_URL: TEST_DATABASE_URL,
      // These tests inspect PostgreSQL. An MSSQL_URL in the environment (the GitHub Actions job
      // with a SQL Server service) is for the warehouse suite; empty means unset, also in a child.
      MSSQL_URL: '',
      WAREHOUSE_SCHEMA: this.schema,
      SINK_GROUP_ID: this.groupId('sink'),
      SINK_BATCH_LINGER_MS: '100',
      SINK_RETRY_INITIAL_DELAY_MS: '50',
      SINK_RETRY_MAX_DELAY_MS: '1000',
      SINK_SESSION_TIMEOUT_MS: '10000',
      SINK_HEARTBEAT_INTERVAL_MS: '1000',
      LOG_LEVEL: testLogLevel('warn'),
      HTTP_PORT: '0',
      ...overrides,
    };
  }

  /** Groups in overrides should come from groupId(), so that close() deletes them. */
  async startNormalizer(overrides: Record<string, string> = {}): Promise<NormalizerHandle> {
    const config = loadNormalizerConfig(this.normalizerEnv(overrides));
    return this.#track('normalizer', await startNormalizer(config, { logger: this.logger }));
  }

  async startSink(overrides: Record<string, string> = {}): Promise<SinkHandle> {
    return this.#track(
      'sink',
      await startSink(loadSinkConfig(this.sinkEnv(overrides)), { logger: this.logger }),
    );
  }

  /** Registers anything stoppable (a child process, a consumer) to be stopped before the world goes. */
  track<T extends StoppableHandle>(name: string, handle: T): T {
    return this.#track(name, handle);
  }

  #track<T extends StoppableHandle>(name: string, handle: T): T {
    this.#closer.add(name, () => handle.stop());
    return handle;
  }

  /** Produces to one of this world's topics in large acknowledged batches, in order. */
  async produce(topic: string, messages: readonly Message[]): Promise<void> {
    for (let i = 0; i < messages.length; i += SEND_BATCH) {
      await this.#producer.send({ topic, acks: -1, messages: messages.slice(i, i + SEND_BATCH) });
    }
  }

  /** Produces raw plays keyed by account id, as the poller does. */
  produceRawPlays(plays: readonly RawPlay[]): Promise<void> {
    return this.produce(
      this.topics.rawPlays.name,
      plays.map((p) => ({ key: p.account.id, value: codecs.rawPlay.encode(p) })),
    );
  }

  /**
   * Waits until the normalizer group has committed every raw play and, after that, the sink group
   * every record the normalizer wrote: then the warehouse holds all it ever will. Returns the
   * milliseconds it took.
   */
  async waitUntilLoaded({
    normalizerGroupId = this.groupId('normalizer'),
    sinkGroupId = this.groupId('sink'),
    timeoutMs,
  }: {
    normalizerGroupId?: string;
    sinkGroupId?: string;
    timeoutMs: number;
  }): Promise<number> {
    const started = Date.now();
    const { admin } = this.kafka;
    const t = this.topics;
    const sinkTopics = [t.artists, t.albums, t.tracks, t.accounts, t.plays].map((s) => s.name);
    await waitUntil(
      async () =>
        (await consumerLag(admin, normalizerGroupId, [t.rawPlays.name])) === 0 &&
        (await consumerLag(admin, sinkGroupId, sinkTopics)) === 0,
      {
        what: `${normalizerGroupId} and then ${sinkGroupId} to commit everything`,
        timeoutMs,
        intervalMs: 200,
      },
    );
    return Date.now() - started;
  }

  close(): Promise<void> {
    return this.#closer.close();
  }

  async #deleteGroups(): Promise<void> {
    const { admin } = this.kafka;
    const existing = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
    const ours = [...this.#groups].filter((g) => existing.has(g));
    if (ours.length === 0) return;
    // A member that was killed stays in its group until its session times out; the broker refuses
    // to delete a group that still has members.
    await waitUntil(
      async () => (await admin.describeGroups(ours)).groups.every((g) => g.members.length === 0),
      { what: `groups ${ours.join(', ')} to empty`, timeoutMs: 30_000 },
    );
    await admin.deleteGroups(ours);
  }
}
