import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Closer, createKafka, createLogger, waitForTopicLeaders } from '@spotify-pipeline/runtime';
import { CONTROLLER_PORT_OFFSET, KafkaCluster } from '@spotify-pipeline/stack';
import type { Admin, ITopicConfig, Kafka } from 'kafkajs';
import { REPO_ROOT } from './repo.ts';
import { uniqueName } from './unique.ts';

async function isFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((done) => {
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** `count` client ports whose controller ports (+100) are free too, never the shared 9092/9093. */
async function freeClusterPorts(count: number): Promise<number[]> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 400) * 20;
    const ports = Array.from({ length: count }, (_, i) => base + i);
    const all = [...ports, ...ports.map((p) => p + CONTROLLER_PORT_OFFSET)];
    if ((await Promise.all(all.map(isFree))).every(Boolean)) return ports;
  }
  throw new Error('no free ports for a private Kafka cluster');
}

/**
 * A Kafka cluster of a test's own (3 nodes by default) in a temporary folder on free loopback
 * ports, so a test can kill its brokers without touching the shared broker other tests use. The
 * jars are shared between runs in .cache/kafka-cluster/libs. `close()` stops it and deletes it.
 */
export async function startPrivateCluster(
  nodes = 3,
): Promise<{ cluster: KafkaCluster; close(): Promise<void> }> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'kafka-cluster-test-'));
  const cluster = new KafkaCluster({
    cacheDir,
    libsDir: resolve(REPO_ROOT, '.cache/kafka-cluster/libs'),
    pomPath: resolve(REPO_ROOT, 'infra/kafka/pom.xml'),
    templatesDir: resolve(REPO_ROOT, 'infra/kafka'),
    host: '127.0.0.1',
    brokerPorts: await freeClusterPorts(nodes),
    heap: '384m',
    readyTimeoutMs: 180_000,
  });
  const close = async () => {
    await cluster.stop().catch(() => undefined);
    await rm(cacheDir, { recursive: true, force: true });
  };
  try {
    await cluster.start();
  } catch (error) {
    await close();
    throw error;
  }
  return { cluster, close };
}

/**
 * A private cluster with a client and a connected admin for one test: `closer` releases the admin,
 * then the cluster (add the test's own clients to it; they are released first).
 */
export async function privateClusterClient(
  label: string,
  overrides?: Parameters<typeof createKafka>[0]['overrides'],
): Promise<{ cluster: KafkaCluster; kafka: Kafka; admin: Admin; closer: Closer }> {
  const { cluster, close } = await startPrivateCluster(3);
  const closer = new Closer();
  closer.add('cluster', close);
  const kafka = createKafka({
    brokers: cluster.brokers,
    clientId: uniqueName(label),
    logger: createLogger('test', 'fatal'),
    ...(overrides ? { overrides } : {}),
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (error) {
    await closer.close();
    throw error;
  }
  closer.add('admin', () => admin.disconnect());
  return { cluster, kafka, admin, closer };
}

/**
 * Creates one topic and waits until each of its partitions has a leader. Not kafkajs's
 * `waitForLeaders: true`: it gives up on the UNKNOWN_TOPIC_OR_PARTITION a KRaft broker answers
 * while its metadata lags the controller, which failed the leader-change test in a CI run.
 */
export async function createClusterTopic(admin: Admin, topic: ITopicConfig): Promise<void> {
  await admin.createTopics({ waitForLeaders: false, topics: [topic] });
  await waitForTopicLeaders(admin, [topic.topic], 120_000);
}
