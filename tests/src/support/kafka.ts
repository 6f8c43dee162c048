import {
  createKafka,
  createLogger,
  ensureTopics,
  type TopicSpec,
  type Topics,
  topicsFor,
} from '@spotify-pipeline/runtime';
import { TEST_BROKERS } from '@spotify-pipeline/test-support';
import type { Admin, Kafka } from 'kafkajs';
import { uniqueName } from './unique.ts';

export { TEST_BROKERS };

export interface TestKafka {
  /** The bootstrap brokers: the shared test broker, or a cluster of the test's own. */
  readonly brokers: readonly string[];
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** This test's own topics: every declared topic under a unique prefix. */
  readonly topics: Topics;
  readonly prefix: string;
  /** Deletes this test's topics and disconnects. */
  close(): Promise<void>;
}

/** A Kafka client and a fresh set of the pipeline's topics for one test. */
export async function testKafka(
  label: string,
  brokers: readonly string[] = TEST_BROKERS,
): Promise<TestKafka> {
  const prefix = `${uniqueName(label)}.`;
  const kafka = createKafka({
    brokers,
    clientId: prefix,
    logger: createLogger('test', 'warn'),
  });
  const admin = kafka.admin();
  await admin.connect();
  const topics = topicsFor(prefix);
  await ensureTopics(admin, Object.values(topics) as TopicSpec[]);
  return {
    brokers,
    kafka,
    admin,
    topics,
    prefix,
    async close() {
      await admin.deleteTopics({ topics: Object.values(topics).map((t) => t.name) }).catch(() => undefined);
      await admin.disconnect();
    },
  };
}
