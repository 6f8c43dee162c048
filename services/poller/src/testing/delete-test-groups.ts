import { createKafka } from '@spotify-pipeline/runtime';
import type { PollerConfig } from '../config.ts';
import { silentLogger } from './harness.ts';

/**
 * Deletes the consumer groups a test left behind: the poller's state followers (named after the
 * topic prefix) and readers whose group id carries the test's id. Groups of other tests are untouched.
 */
export async function deleteTestGroups(config: PollerConfig, id: string): Promise<string[]> {
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: `cleanup-${id}`,
    logger: silentLogger(),
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const ours = groups
      .map((g) => g.groupId)
      .filter((g) => g.startsWith(config.TOPIC_PREFIX) || g.endsWith(`-${id}`));
    if (ours.length > 0) await admin.deleteGroups(ours);
    return ours;
  } finally {
    await admin.disconnect();
  }
}
