import { codecs, type RawPlay } from '@spotify-pipeline/avro';
import { loadNormalizerConfig, startNormalizer } from '@spotify-pipeline/normalizer';
import { Closer, ensureTopics, type StoppableHandle, topicsFor, waitUntil } from '@spotify-pipeline/runtime';
import { loadSinkConfig, SINK_TABLES, startSink } from '@spotify-pipeline/sink';
import { PostgresWarehouse } from '@spotify-pipeline/warehouse';
import type { BenchWorld } from '../bench-world.ts';
import { committedCount } from '../kafka/group-progress.ts';
import { topicEnd } from '../kafka/topic-end.ts';

const SEND_BATCH = 1_000;

/**
 * One import's own pipeline inside a bench run: every topic under its own prefix, a freshly migrated
 * schema, and an in-process normalizer and sink reading them. `close()` stops the services (sink
 * first) and the warehouse pool, also after a failure, and is idempotent; the BenchWorld deletes
 * the topics, groups and schema at the end of the run.
 */
export class BenchImportLane {
  readonly prefix: string;
  readonly topics: ReturnType<typeof topicsFor>;
  readonly warehouse: PostgresWarehouse;
  readonly normalizerGroup: string;
  readonly sinkGroup: string;
  readonly #world: BenchWorld;
  readonly #closer: Closer;

  private constructor(world: BenchWorld, label: string, closer: Closer) {
    this.#world = world;
    this.#closer = closer;
    this.prefix = world.prefix(label);
    this.topics = topicsFor(this.prefix);
    this.warehouse = new PostgresWarehouse({
      connectionString: world.databaseUrl,
      schema: world.schema(label),
    });
    this.normalizerGroup = world.groupId(`${label}-normalizer`);
    this.sinkGroup = world.groupId(`${label}-sink`);
  }

  /** `label`: lower-case letters, digits and `_`, unique within the run. */
  static async open(world: BenchWorld, label: string): Promise<BenchImportLane> {
    if (!/^[a-z][a-z0-9_]{0,20}$/.test(label))
      throw new RangeError(
        `BenchImportLane.open: label must be 1-21 of [a-z0-9_], got ${JSON.stringify(label)}`,
      );
    const closer = new Closer(world.logger);
    // The scenario's local files are dead-lettered by design: a warn line per batch is noise here.
    const logger = world.logger.child({ lane: label }, { level: 'error' });
    const lane = new BenchImportLane(world, label, closer);
    try {
      closer.add('warehouse pool', () => lane.warehouse.close());
      await ensureTopics(world.admin, Object.values(lane.topics));
      await lane.warehouse.migrate();
      const brokers = world.brokers.join(',');
      lane.#track(
        'normalizer',
        await startNormalizer(
          loadNormalizerConfig({
            KAFKA_BROKERS: brokers,
            TOPIC_PREFIX: lane.prefix,
            NORMALIZER_GROUP_ID: lane.normalizerGroup,
            HTTP_PORT: '0',
            LOG_LEVEL: 'warn',
          }),
          { logger },
        ),
      );
      lane.#track(
        'sink',
        await startSink(
          loadSinkConfig({
            KAFKA_BROKERS: brokers,
            DATABASE_URL: world.databaseUrl,
            WAREHOUSE_SCHEMA: lane.warehouse.schema,
            TOPIC_PREFIX: lane.prefix,
            SINK_GROUP_ID: lane.sinkGroup,
            HTTP_PORT: '0',
            LOG_LEVEL: 'warn',
          }),
          { logger: world.logger, warehouse: lane.warehouse },
        ),
      );
      return lane;
    } catch (error) {
      await closer.close();
      throw error;
    }
  }

  /** Publishes raw plays keyed by account, as the poller does, in acknowledged batches. */
  async produceRawPlays(plays: readonly RawPlay[]): Promise<void> {
    for (let i = 0; i < plays.length; i += SEND_BATCH) {
      await this.#world.producer.send({
        topic: this.topics.rawPlays.name,
        acks: -1,
        messages: plays
          .slice(i, i + SEND_BATCH)
          .map((p) => ({ key: p.account.id, value: codecs.rawPlay.encode(p) })),
      });
    }
  }

  /**
   * Waits until the normalizer has committed every raw play on the topic now and, after that, the
   * sink every record on its inputs: then the warehouse holds all it ever will of them.
   */
  async waitUntilLoaded(timeoutMs: number): Promise<void> {
    const { admin } = this.#world;
    const raw = await topicEnd(admin, this.topics.rawPlays.name);
    await waitUntil(
      async () => (await committedCount(admin, this.normalizerGroup, this.topics.rawPlays.name)) >= raw,
      {
        what: `${this.normalizerGroup} to commit all ${raw} raw plays`,
        timeoutMs,
        intervalMs: 100,
      },
    );
    const inputs = SINK_TABLES.map((t) => this.topics[t.topicId].name);
    const ends = await Promise.all(inputs.map((t) => topicEnd(admin, t)));
    await waitUntil(
      async () => {
        const done = await Promise.all(inputs.map((t) => committedCount(admin, this.sinkGroup, t)));
        return done.every((d, i) => d >= ends[i]!);
      },
      { what: `${this.sinkGroup} to commit every fact and dimension`, timeoutMs, intervalMs: 100 },
    );
  }

  close(): Promise<void> {
    return this.#closer.close();
  }

  #track(name: string, handle: StoppableHandle): void {
    this.#closer.add(name, () => handle.stop());
  }
}
