import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { codecs, type RawPlay } from '@spotify-pipeline/avro';
import { createKafka, createLogger, type Logger, topicsFor, waitUntil } from '@spotify-pipeline/runtime';
import type { SpotifySim } from '@spotify-pipeline/spotify-sim';
import { uniqueName } from '@spotify-pipeline/test-support';
import type { Consumer } from 'kafkajs';
import { pino } from 'pino';
import type { PollerConfig } from '../config.ts';
import type { PollerContext } from '../poller-context.ts';
import { deleteRedisPrefix } from './redis-prefix.ts';

export const KAFKA = '127.0.0.1:9092';
export const REDIS_URL = 'redis://127.0.0.1:6379';

export function uniqueId(): string {
  return uniqueName('poller').slice('t_poller_'.length);
}

/**
 * The environment of a poller of its own (topics, Redis keys) pointed at the simulator: for a child
 * process, or parsed (loadPollerConfig) for an in-process one, as PollerFixture does.
 */
export function testEnv(
  sim: SpotifySim,
  id: string,
  env: Record<string, string> = {},
): Record<string, string> {
  return {
    KAFKA_BROKERS: KAFKA,
    REDIS_URL,
    TOPIC_PREFIX: `test-poller-${id}.`,
    REDIS_PREFIX: `test-poller-${id}`,
    ...sim.clientEnv(),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    POLL_INTERVAL_ACTIVE_MS: '200',
    POLL_INTERVAL_IDLE_MS: '800',
    POLLER_RECONCILE_INTERVAL_MS: '300',
    POLLER_RATE_LIMIT_MAX: '1000',
    POLLER_CONCURRENCY: '4',
    POLLER_INSTANCE_ID: `test-${id}`,
    LOG_LEVEL: 'debug',
    ...env,
  };
}

/**
 * A logger whose lines are kept for assertions (e.g. that no secret was ever logged). Plain pino
 * without the runtime's redaction: the poller must not log secrets in the first place.
 */
export function capturingLogger(name = 'poller'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'debug', base: { service: name } }, sink), lines };
}

/**
 * Links a simulated account as if its user completed the consent flow: through a running poller's
 * context, or one made for the purpose (a poller in a child process follows the state topic).
 */
export async function linkDirect(
  context: Pick<PollerContext, 'state' | 'cipher' | 'scheduler'>,
  sim: SpotifySim,
  accountId: string,
): Promise<void> {
  const { refreshToken } = sim.linkAccount(accountId);
  const simAccount = sim.accounts().find((a) => a.id === accountId)!;
  const now = Date.now();
  await context.state.putAccount({
    version: 1,
    id: accountId,
    displayName: simAccount.displayName,
    country: simAccount.country,
    timeZone: simAccount.timeZone,
    sealedRefreshToken: context.cipher.seal(refreshToken),
    status: 'active',
    linkedAt: now,
    updatedAt: now,
  });
  await context.scheduler.schedule(accountId);
}

/** Everything on the raw topic, decoded, as it arrives (read committed). */
export async function readRawPlays(
  config: PollerConfig,
  id: string,
): Promise<{ plays: RawPlay[]; stop: () => Promise<void> }> {
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: `reader-${id}`,
    logger: silentLogger(),
  });
  const consumer: Consumer = kafka.consumer({ groupId: `test-poller-reader-${id}` });
  const plays: RawPlay[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: topicsFor(config.TOPIC_PREFIX).rawPlays.name, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      plays.push(codecs.rawPlay.decode(message.value!));
    },
  });
  return { plays, stop: () => consumer.disconnect() };
}

export function silentLogger(): Logger {
  return createLogger('test', 'silent');
}

/** Keys of played_at per account, and how many times each was published. */
export function countByPlay(plays: readonly RawPlay[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of plays) {
    const key = `${p.account.id}@${p.played_at.toISOString()}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function shownKeys(sim: SpotifySim, accountId: string): string[] {
  return sim.shown(accountId).map((d) => `${accountId}@${d.toISOString()}`);
}

/** Waits until the raw topic holds every play the simulator has shown for these accounts. */
export async function waitForShown(
  sim: SpotifySim,
  plays: readonly RawPlay[],
  accountIds: readonly string[],
  timeoutMs = 60_000,
) {
  await waitUntil(
    () => {
      const counts = countByPlay(plays);
      return accountIds.every((id) => shownKeys(sim, id).every((k) => counts.has(k)));
    },
    { what: 'every shown play on the raw topic', timeoutMs, intervalMs: 100 },
  );
}

/** Deletes the test's topics and every Redis key under its prefix (SCAN + DEL; the Redis is shared). */
export async function cleanUp(config: PollerConfig): Promise<void> {
  await deleteRedisKeys(config.REDIS_PREFIX);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'cleanup', logger: silentLogger() });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(config.TOPIC_PREFIX));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** Every key under `prefix:` (SCAN + DEL; the Redis is shared). */
export function deleteRedisKeys(prefix: string): Promise<number> {
  return deleteRedisPrefix(prefix, REDIS_URL);
}
