import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { loadNormalizerConfig, startNormalizer } from '@spotify-pipeline/normalizer';
import { loadPollerConfig, type PollerHandle, startPoller } from '@spotify-pipeline/poller';
import { createLogger, freePort, waitUntil } from '@spotify-pipeline/runtime';
import { loadSinkConfig, type SinkHandle, startSink } from '@spotify-pipeline/sink';
import { TcpProxy } from '@spotify-pipeline/sink/testing/tcp-proxy';
import { startSpotifySim } from '@spotify-pipeline/spotify-sim';
import { EphemeralRedis, KafkaBroker } from '@spotify-pipeline/stack';
import { testLogLevel } from '@spotify-pipeline/test-support';
import { PipelineWorld, TEST_DATABASE_URL } from '../support/pipeline-world.ts';
import { REPO_ROOT } from '../support/repo.ts';

// Each dependency of its own, so killing it touches no other test: a broker in a temporary folder
// on free ports, a redis-server on a free port, and a TCP relay in front of the shared PostgreSQL.

interface Readiness {
  readonly status: number;
  readonly checks: Record<string, string>;
}

async function readiness(url: string): Promise<Readiness> {
  const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, checks: ((await res.json()) as { checks: Record<string, string> }).checks };
}

/** Polls /readyz until `want` holds; returns how long it took (reported, not asserted). */
async function flips(url: string, want: (r: Readiness) => boolean, what: string): Promise<number> {
  const since = Date.now();
  let last: Readiness | undefined;
  try {
    await waitUntil(
      async () => {
        last = await readiness(url);
        return want(last);
      },
      { what, timeoutMs: 90_000, intervalMs: 100 },
    );
  } catch (error) {
    throw new Error(`${what}: last /readyz ${JSON.stringify(last)}`, { cause: error });
  }
  return Date.now() - since;
}

const down = (check: string) => (r: Readiness) => r.status === 503 && r.checks[check] !== 'ok';
const up = (r: Readiness) => r.status === 200;

test('/readyz names a killed broker, a killed Redis and an unreachable database, and recovers', {
  timeout: 600_000,
}, async (t) => {
  const logger = createLogger('readiness-test', testLogLevel());
  const cacheDir = await mkdtemp(join(tmpdir(), 'readiness-broker-'));
  const broker = new KafkaBroker({
    cacheDir,
    pomPath: resolve(REPO_ROOT, 'infra/kafka/pom.xml'),
    templatesDir: resolve(REPO_ROOT, 'infra/kafka'),
    host: '127.0.0.1',
    port: await freePort(),
    controllerPort: await freePort(),
    heap: '384m',
    readyTimeoutMs: 120_000,
    stopTimeoutMs: 20_000,
  });
  const redis = new EphemeralRedis(await freePort());
  const db = new URL(TEST_DATABASE_URL);
  const proxy = new TcpProxy(db.hostname, Number(db.port || 5432));
  const sim = await startSpotifySim({ seed: 3, accounts: 1, clock: { mode: 'manual' } });
  let world: PipelineWorld | undefined;
  let sink: SinkHandle | undefined;
  let poller: PollerHandle | undefined;
  t.after(async () => {
    await broker.start().catch(() => undefined);
    await poller?.stop();
    await sink?.stop();
    await world?.close();
    await broker.stop();
    await redis.kill();
    await proxy.down();
    await sim.stop();
    await rm(cacheDir, { recursive: true, force: true });
  });
  await Promise.all([broker.start(), redis.start(), proxy.up()]);

  world = await PipelineWorld.create('ready', { brokers: [broker.address] });
  const viaProxy = new URL(TEST_DATABASE_URL);
  viaProxy.port = String(proxy.port);
  sink = await startSink(loadSinkConfig(world.sinkEnv({ DATABASE_URL: viaProxy.toString() })), { logger });
  const id = randomBytes(4).toString('hex');
  poller = await startPoller(
    loadPollerConfig({
      KAFKA_BROKERS: broker.address,
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      TOPIC_PREFIX: world.kafka.prefix,
      REDIS_PREFIX: `test-ready-${id}`,
      ...sim.clientEnv(),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      POLLER_INSTANCE_ID: `test-ready-${id}`,
      LOG_LEVEL: 'silent',
    }),
    { logger },
  );
  const services = { sink: sink.opsUrl, poller: poller.url };
  for (const [name, url] of Object.entries(services)) await flips(url, up, `${name} ready`);

  // The broker dies: both say so, naming Kafka, and both are ready again once it is back.
  const pid = (await broker.status()).pid;
  assert.ok(pid, 'the private broker runs');
  process.kill(pid, 'SIGKILL');
  for (const [name, url] of Object.entries(services)) {
    const ms = await flips(url, down('kafka'), `${name} not ready without its broker`);
    t.diagnostic(`${name}: /readyz said kafka failing ${ms} ms after the broker's SIGKILL was seen`);
  }
  /** Starts a service while the broker is down; returns once its /healthz answers. */
  const startWhileBrokerDown = async <H>(what: string, start: (port: number) => Promise<H>) => {
    const port = await freePort();
    const started = start(port);
    started.catch(() => undefined); // awaited below; a rejection before then is not unhandled
    const url = `http://127.0.0.1:${port}`;
    await waitUntil(async () => (await fetch(`${url}/healthz`)).status === 200, {
      what: `the late ${what} alive before its broker is back`,
      timeoutMs: 30_000,
      intervalMs: 100,
      isTransient: () => true,
    });
    return { url, started };
  };
  // A sink started now serves /healthz and a /readyz naming what it waits for, before Kafka answers.
  const lateSink = await startWhileBrokerDown('sink', (port) =>
    startSink(
      loadSinkConfig(
        world.sinkEnv({
          DATABASE_URL: viaProxy.toString(),
          HTTP_PORT: String(port),
          SINK_GROUP_ID: world.groupId('late'),
        }),
      ),
      { logger },
    ),
  );
  const waiting = await readiness(lateSink.url);
  assert.equal(waiting.status, 503);
  assert.notEqual(waiting.checks.kafka, 'ok', JSON.stringify(waiting));
  // So does a normalizer: it waits for Kafka instead of exiting (a chaos run saw normalizers
  // restarted during a broker's outage die at start-up).
  const lateNormalizer = await startWhileBrokerDown('normalizer', (port) =>
    startNormalizer(
      loadNormalizerConfig(
        world.normalizerEnv({
          HTTP_PORT: String(port),
          NORMALIZER_GROUP_ID: world.groupId('late-normalizer'),
        }),
      ),
      { logger },
    ),
  );
  assert.equal((await readiness(lateNormalizer.url)).status, 503);

  await broker.start();
  for (const [name, url] of Object.entries(services))
    await flips(url, up, `${name} ready after the broker's return`);
  await (await lateSink.started).stop();
  const normalizerStarted = await lateNormalizer.started;
  await flips(lateNormalizer.url, up, 'the late normalizer ready after the broker is back');
  await normalizerStarted.stop();

  // Redis dies: the poller says so within its check timeout rather than hanging on a PING.
  await redis.kill();
  const redisMs = await flips(poller.url, down('redis'), 'poller not ready without Redis');
  t.diagnostic(`poller: /readyz said redis failing ${redisMs} ms after the SIGKILL`);
  await redis.start();
  await flips(poller.url, up, 'poller ready after Redis is back');

  // The database becomes unreachable: the sink says so, naming the warehouse.
  await proxy.down();
  const dbMs = await flips(sink.opsUrl, down('warehouse'), 'sink not ready without its database');
  t.diagnostic(`sink: /readyz said warehouse failing ${dbMs} ms after the database became unreachable`);
  await proxy.up();
  await flips(sink.opsUrl, up, 'sink ready after the database is back');
});
