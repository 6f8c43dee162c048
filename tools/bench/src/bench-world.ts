import { randomBytes } from 'node:crypto';
import { createKafka, type Logger } from '@spotify-pipeline/runtime';
import type { Admin, Kafka, Producer } from 'kafkajs';
import pg from 'pg';

const { Pool } = pg;

export interface BenchWorldOptions {
  readonly brokers: readonly string[];
  readonly databaseUrl: string;
  readonly logger: Logger;
}

/**
 * Everything one bench run shares, named after one run id: topic prefixes, schemas, a Kafka admin
 * and fast producer, a pg pool. `close()` deletes every topic and schema the run made, also after
 * a failure, and is idempotent.
 */
export class BenchWorld {
  readonly runId: string;
  readonly databaseUrl: string;
  readonly brokers: readonly string[];
  readonly logger: Logger;
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** Not idempotent, several sends in flight: the fastest way to load the bench's input. */
  readonly producer: Producer;
  readonly pool: pg.Pool;
  #connected = false;
  #closing: Promise<void> | undefined;

  private constructor(options: BenchWorldOptions) {
    this.runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    this.databaseUrl = options.databaseUrl;
    this.brokers = options.brokers;
    this.logger = options.logger;
    this.kafka = createKafka({
      brokers: options.brokers,
      clientId: `bench-${this.runId}`,
      logger: options.logger,
    });
    this.admin = this.kafka.admin();
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
    this.pool = new Pool({ connectionString: options.databaseUrl, max: 4 });
    this.pool.on('error', () => undefined);
  }

  static async open(options: BenchWorldOptions): Promise<BenchWorld> {
    const world = new BenchWorld(options);
    try {
      await world.admin.connect();
      await world.producer.connect();
      world.#connected = true;
      return world;
    } catch (error) {
      await world.close();
      throw error;
    }
  }

  /** A topic prefix of this run, e.g. `bench_<run>.sink.`. */
  prefix(part: string): string {
    return `bench_${this.runId}.${part}.`;
  }

  /** A schema of this run, e.g. `bench_<run>_sink` (lower case, a valid warehouse schema). */
  schema(part: string): string {
    return `bench_${this.runId}_${part}`.toLowerCase();
  }

  groupId(part: string): string {
    return `bench_${this.runId}.${part}`;
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const mine = `bench_${this.runId}`;
    try {
      if (this.#connected) {
        const topics = (await this.admin.listTopics()).filter((t) => t.startsWith(`${mine}.`));
        if (topics.length > 0) await this.admin.deleteTopics({ topics, timeout: 30_000 });
        const groups = (await this.admin.listGroups()).groups
          .map((g) => g.groupId)
          .filter((g) => g.startsWith(`${mine}.`));
        if (groups.length > 0) await this.admin.deleteGroups(groups).catch(() => undefined);
      }
    } catch (error) {
      this.logger.error({ err: error }, `bench: could not delete the topics of ${mine}`);
    }
    try {
      const { rows } = await this.pool.query<{ nspname: string }>(
        `SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)`,
        [`${mine.toLowerCase()}_`],
      );
      for (const { nspname } of rows) await this.pool.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
    } catch (error) {
      this.logger.error({ err: error }, `bench: could not drop the schemas of ${mine}`);
    }
    await this.producer.disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}
