import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { codecs } from '@spotify-pipeline/avro';
import { loadPollerConfig, startPoller } from '@spotify-pipeline/poller';
import { countRedisPrefix, deleteRedisPrefix, TEST_REDIS_URL } from '@spotify-pipeline/poller/testing';
import { Closer, createLogger, createMetricsRegistry, waitUntil } from '@spotify-pipeline/runtime';
import { type SpotifySim, simCatalogue, startSpotifySim } from '@spotify-pipeline/spotify-sim';
import { testLogLevel } from '@spotify-pipeline/test-support';
import type { KafkaMessage } from 'kafkajs';
import { TEST_BROKERS } from '../support/kafka.ts';
import { metricValue } from '../support/metric-value.ts';
import { PipelineWorld } from '../support/pipeline-world.ts';
import { readTopics } from '../support/topic-reader.ts';
import { linkListeners } from './link-listeners.ts';
import { expectedRow, type PlayRow, playKey, visiblePlays } from './simulated-plays.ts';

const LISTENERS = 20;
const STEP_MS = 10 * 60_000;
/** Six simulated hours, across the night Europe moves to summer time (01:00 UTC, 29 March 2026). */
const STEPS = 36;
const SIM_OPTIONS = { seed: 2026, accounts: LISTENERS, historyHours: 2, offlineShare: 0.25 } as const;
const START = new Date('2026-03-28T22:00:00Z');
/** Real time one step may take to reach the warehouse, faults included. */
const STEP_TIMEOUT_MS = 60_000;
/** Every fourth listener's responses have the shapes of real traffic (the simulator's messyShapes fault). */
const MESSY_EVERY = 4;

/** Faults injected just before the step's clock advance; both kinds come back several times. */
type Fault =
  | { kind: 'rate-limit'; retryAfterSeconds: number; forMs: number; emptyBodyShare?: number }
  | { kind: 'server-errors'; status: 500 | 502 | 503; count: number };
const FAULTS = new Map<number, Fault>([
  [3, { kind: 'rate-limit', retryAfterSeconds: 1, forMs: 1_500 }],
  [7, { kind: 'server-errors', status: 503, count: 6 }],
  [13, { kind: 'rate-limit', retryAfterSeconds: 2, forMs: 2_500, emptyBodyShare: 0.5 }],
  [19, { kind: 'server-errors', status: 500, count: 4 }],
  [25, { kind: 'rate-limit', retryAfterSeconds: 1, forMs: 1_200 }],
  [31, { kind: 'server-errors', status: 502, count: 4 }],
]);

function inject(sim: SpotifySim, fault: Fault): void {
  if (fault.kind === 'rate-limit') {
    const { retryAfterSeconds, forMs, emptyBodyShare } = fault;
    sim.faults.rateLimit({ retryAfterSeconds, forMs, ...(emptyBodyShare ? { emptyBodyShare } : {}) });
  } else sim.faults.serverErrors({ status: fault.status, count: fault.count });
}

/** Keys of fact_play, each as often as it is stored (a duplicate shows twice). */
async function factKeys(world: PipelineWorld): Promise<string[]> {
  const rows = await world.warehouse.query<{ k: string }>(
    `SELECT account_id || '@' || (extract(epoch FROM played_at) * 1000)::bigint::text AS k
       FROM "${world.schema}".fact_play`,
  );
  return rows.map((r) => r.k);
}

async function viewRows(world: PipelineWorld): Promise<PlayRow[]> {
  const rows = await world.warehouse.query<Omit<PlayRow, 'key'> & { account_id: string; ms: string }>(
    `SELECT account_id, (extract(epoch FROM played_at_utc) * 1000)::bigint::text AS ms,
            account_name, account_time_zone, track_id, track_name, album_name, artist_name,
            to_char(local_date, 'YYYY-MM-DD') AS local_date, local_time::text AS local_time, source
       FROM "${world.schema}".v_plays`,
  );
  return rows.map(({ account_id, ms, ...rest }) => ({ key: playKey(account_id, ms), ...rest }));
}

/** Keys that occur more than once. */
function duplicates(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const k of keys) {
    if (seen.has(k)) twice.push(k);
    seen.add(k);
  }
  return twice;
}

test('twenty simulated listeners over six simulated hours with 429s, 5xx and messy item shapes: every visible play once in v_plays or dead-lettered with a reason, right names and local times, nothing else, no account stuck', {
  timeout: 600_000,
}, async (t) => {
  const began = Date.now();
  const logLevel = testLogLevel();
  const closer = new Closer(createLogger('e2e-cleanup', 'warn'));
  t.after(() => closer.close());

  const world = await PipelineWorld.create('e2e');
  closer.add('pipeline world', () => world.close());
  const redisPrefix = `${world.kafka.prefix.slice(0, -1)}.redis`;
  closer.add('redis keys', () => deleteRedisPrefix(redisPrefix));
  // The poller's state readers are groups of their own (random names under the prefix).
  closer.add('poller state groups', async () => {
    const { admin } = world.kafka;
    const ours = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => g.startsWith(world.kafka.prefix));
    if (ours.length > 0) await admin.deleteGroups(ours).catch(() => undefined);
  });

  const sim = await startSpotifySim({ ...SIM_OPTIONS, clock: { mode: 'manual', start: START } });
  closer.add('simulator', () => sim.stop());
  const catalogue = simCatalogue(SIM_OPTIONS);

  await world.startNormalizer();
  const sinks = [
    await world.startSink({ SINK_BATCH_LINGER_MS: '50' }),
    await world.startSink({ SINK_BATCH_LINGER_MS: '50' }),
  ];
  const config = loadPollerConfig({
    KAFKA_BROKERS: TEST_BROKERS.join(','),
    REDIS_URL: TEST_REDIS_URL,
    TOPIC_PREFIX: world.kafka.prefix,
    REDIS_PREFIX: redisPrefix,
    ...sim.clientEnv(),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    POLL_INTERVAL_ACTIVE_MS: '200',
    POLL_INTERVAL_IDLE_MS: '1000',
    POLLER_RECONCILE_INTERVAL_MS: '1000',
    POLLER_RATE_LIMIT_MAX: '200',
    POLLER_CONCURRENCY: '8',
    POLLER_INSTANCE_ID: 'e2e',
    LOG_LEVEL: logLevel,
    HTTP_PORT: '0',
  });
  const registry = createMetricsRegistry('poller');
  const poller = await startPoller(config, { logger: createLogger('poller', logLevel), registry });
  // Stopped first: nothing may reach the raw topic once the world starts going away.
  closer.add('poller', () => poller.stop());

  // A quarter of the listeners get items as real traffic has them: missing and null fields at any
  // depth, older shapes, unknown contexts, duplicates, now and then an item with no track at all.
  const messy = new Set(sim.accounts().flatMap((a, i) => (i % MESSY_EVERY === 0 ? [a.id] : [])));
  sim.faults.messyShapes({ accounts: [...messy], seed: 2026 });
  // What the poller dead-letters (items it cannot make a play of), by the played_at they carry.
  const pollerDead = new Map<string, string>();
  /** Every dead letter, as it arrives (read committed). */
  const allDead: KafkaMessage[] = [];
  const deadWatcher = world.kafka.kafka.consumer({ groupId: world.groupId('dead-watcher') });
  await deadWatcher.connect();
  closer.add('dead-letter watcher', () => deadWatcher.disconnect());
  await deadWatcher.subscribe({ topic: world.topics.deadLetter.name, fromBeginning: true });
  await deadWatcher.run({
    eachMessage: async ({ message }) => {
      allDead.push(message);
      if (message.headers?.['dlq.service']?.toString() !== 'poller') return;
      const item = JSON.parse(message.value!.toString()) as { played_at?: string };
      const key = playKey(message.key!.toString(), Date.parse(item.played_at ?? ''));
      pollerDead.set(key, message.headers['dlq.reason']?.toString() ?? '');
    },
  });

  const linked = await linkListeners(sim, poller.url);
  assert.equal(new Set(linked).size, LISTENERS);
  const zones = new Set(sim.accounts().map((a) => a.timeZone));
  assert.ok(zones.size >= 16, `listeners in ${zones.size} time zones`);

  /**
   * Waits until fact_play holds every Spotify-track play visible so far (local files never land),
   * or the poller dead-lettered it (an item without a track id).
   */
  async function waitForVisible(step: number): Promise<number> {
    const started = Date.now();
    const want = visiblePlays(sim).filter((p) => !p.isLocal);
    await waitUntil(
      async () => {
        const have = new Set(await factKeys(world));
        return want.every((p) => have.has(p.key) || pollerDead.has(p.key));
      },
      {
        what: `step ${step} (${sim.clock.now().toISOString()}): ${want.length} visible plays in the warehouse`,
        timeoutMs: STEP_TIMEOUT_MS,
        intervalMs: 100,
      },
    );
    return Date.now() - started;
  }

  const stepMs: number[] = [await waitForVisible(0)];
  const injected = { rateLimits: 0, serverErrors: new Map<number, number>() };
  for (let step = 1; step <= STEPS; step += 1) {
    const fault = FAULTS.get(step);
    if (fault) {
      inject(sim, fault);
      if (fault.kind === 'rate-limit') injected.rateLimits += 1;
      else
        injected.serverErrors.set(fault.status, (injected.serverErrors.get(fault.status) ?? 0) + fault.count);
    }
    sim.clock.advance(STEP_MS);
    stepMs.push(await waitForVisible(step));
  }
  const polledMs = Date.now() - began;

  // Quiet before judging "nothing else": the normalizer and then both sinks have committed all.
  await world.waitUntilLoaded({ timeoutMs: STEP_TIMEOUT_MS });

  // The expected plays, and the simulator's own record of what it served, agree.
  const visible = visiblePlays(sim);
  const spotify = visible.filter((p) => !p.isLocal);
  const local = visible.filter((p) => p.isLocal);
  const shown = sim
    .accounts()
    .flatMap((a) => sim.shown(a.id).map((d) => playKey(a.id, d.getTime())))
    .sort();
  assert.deepEqual(
    shown,
    visible.map((p) => p.key).sort(),
    'the simulator served exactly the plays its truth calls visible',
  );
  assert.ok(spotify.length >= 300, `enough listening: ${spotify.length} plays`);
  assert.ok(local.length > 0, `some local files were played: ${local.length}`);
  assert.ok(
    visible.some((p) => p.playedAt.getTime() >= START.getTime() + 2 * 3_600_000),
    'plays after the European DST change',
  );

  // Every visible Spotify play exactly once in v_plays, as the catalogue and ICU say; nothing else.
  // A play of a messy listener may sit on inferred members (its names are enrichment's to
  // complete) or, without a track id, be dead-lettered by the poller instead.
  const rows = await viewRows(world);
  const facts = await factKeys(world);
  assert.deepEqual(duplicates(facts), [], 'no play stored twice');
  assert.equal(rows.length, facts.length, 'v_plays shows every fact (no fact lost a date or time member)');
  assert.ok(
    [...pollerDead.keys()].every((k) => messy.has(k.split('@')[0]!)),
    'only messy listeners have plays dead-lettered by the poller',
  );
  assert.ok(
    [...pollerDead.values()].every((reason) => reason === 'unreadable-item'),
    'the poller names its reason',
  );
  const landed = spotify.filter((p) => !pollerDead.has(p.key));
  assert.ok(landed.length >= spotify.length * 0.95, `most plays land: ${landed.length} of ${spotify.length}`);
  const expected = new Map(landed.map((p) => [p.key, expectedRow(p, sim, catalogue)]));
  const actual = new Map(rows.map((r) => [r.key, r]));
  assert.deepEqual(
    [...expected.keys()].filter((k) => !actual.has(k)),
    [],
    'visible plays missing from v_plays',
  );
  assert.deepEqual(
    [...actual.keys()].filter((k) => !expected.has(k)),
    [],
    'rows in v_plays that no visible Spotify play explains',
  );
  const wrong = [...expected.values()]
    .filter((want) => !messy.has(want.key.split('@')[0]!))
    .filter((want) => !isDeepStrictEqual(actual.get(want.key), want))
    .map((want) => ({ want, got: actual.get(want.key) }));
  assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} rows with wrong names, times or listener`);

  // Local files are dead-lettered by the normalizer, each once; the poller's dead letters are the
  // visible plays it could not read, each once; nothing else is dead-lettered.
  // Counted by reading, not by offsets: the poller's transactions put commit markers in the topic.
  const header = (m: KafkaMessage, name: string) => m.headers?.[name]?.toString();
  await waitUntil(() => allDead.length >= local.length + pollerDead.size, {
    what: 'the dead letters read',
    timeoutMs: STEP_TIMEOUT_MS,
  });
  assert.equal(
    allDead.length,
    local.length + pollerDead.size,
    `one dead letter per local play (${local.length}) or unreadable item (${pollerDead.size}): ${allDead
      .map((d) => `${header(d, 'dlq.service')}/${header(d, 'dlq.reason')}: ${header(d, 'dlq.detail')}`)
      .join('; ')}`,
  );
  const dead = allDead.filter((d) => header(d, 'dlq.service') !== 'poller').map((message) => ({ message }));
  assert.deepEqual(
    [...new Set(dead.map((d) => d.message.headers?.['dlq.reason']?.toString()))],
    local.length > 0 ? ['local-track'] : [],
    'every normalizer dead letter is a local file',
  );
  assert.deepEqual(
    dead
      .map((d) => {
        const play = codecs.rawPlay.decode(d.message.value as Buffer);
        assert.equal(play.track.is_local, true);
        return playKey(play.account.id, play.played_at.getTime());
      })
      .sort(),
    local.map((p) => p.key).sort(),
    'the dead letters are exactly the visible local plays',
  );

  // The faults really happened, and the poller saw each one the simulator sent.
  const served = sim.stats().byStatus;
  assert.ok(
    (await metricValue(registry, 'poller_rate_limit_pauses_total')) >= 1,
    'the queue paused for a Retry-After',
  );
  assert.ok((await metricValue(registry, 'poller_spotify_responses_total', { status: '429' })) >= 1);
  assert.ok((served['429'] ?? 0) >= injected.rateLimits, `429s served: ${served['429']}`);
  for (const [status, count] of injected.serverErrors) {
    assert.equal(served[String(status)], count, `the simulator served the ${count} injected ${status}s`);
    assert.equal(
      await metricValue(registry, 'poller_spotify_responses_total', { status: String(status) }),
      count,
      `the poller saw every ${status}`,
    );
  }
  // The raw topic (read committed) holds each visible play once, local files included.
  const published = await metricValue(registry, 'poller_plays_published_total');
  const raw = await readTopics(world.kafka.kafka, [world.topics.rawPlays.name], {
    atLeast: Math.max(published, visible.length - pollerDead.size),
    timeoutMs: STEP_TIMEOUT_MS,
  });
  const rawKeys = raw.map((r) => {
    const play = codecs.rawPlay.decode(r.message.value as Buffer);
    return playKey(play.account.id, play.played_at.getTime());
  });
  const twice = duplicates(rawKeys);

  assert.deepEqual(
    twice.slice(0, 10),
    [],
    `${twice.length} plays published more than once (${raw.length} raw messages for ${visible.length} visible plays)`,
  );
  assert.deepEqual(
    rawKeys.sort(),
    visible
      .filter((p) => !pollerDead.has(p.key))
      .map((p) => p.key)
      .sort(),
    'the raw topic holds the visible plays the poller could read',
  );
  assert.equal(published, visible.length - pollerDead.size, 'the poller counted each play it published once');
  // No account is stuck: whatever shape its items had, its polls succeed.
  assert.equal(await metricValue(registry, 'poller_accounts_failing'), 0, 'no account failing');
  assert.ok((await metricValue(registry, 'poller_polls_total', { outcome: 'published' })) > 0);
  // Both sinks of the one group took a share of the work, and neither dead-lettered anything.
  for (const [i, sink] of sinks.entries()) {
    assert.ok((await metricValue(sink.registry, 'sink_records_consumed_total')) > 0, `sink ${i} consumed`);
    assert.equal(await metricValue(sink.registry, 'sink_dead_lettered_total'), 0, `sink ${i} dead-lettered`);
  }

  t.diagnostic(
    `${LISTENERS} listeners, ${zones.size} zones, ${STEPS} steps of ${STEP_MS / 60_000} simulated min: ` +
      `${landed.length} plays in v_plays, ${local.length} local files and ${pollerDead.size} unreadable items dead-lettered; ` +
      `429 served ${served['429'] ?? 0}, 5xx ${[...injected.serverErrors].map(([s, n]) => `${n}×${s}`).join(' ')}; ` +
      `polling ${(polledMs / 1000).toFixed(1)} s, slowest step ${Math.max(...stepMs)} ms, ` +
      `median step ${[...stepMs].sort((a, b) => a - b)[stepMs.length >> 1]} ms`,
  );

  // Clean-up proves itself: no Redis key left under the prefix once the world is gone.
  await closer.close();
  assert.equal(await countRedisPrefix(redisPrefix), 0, 'no Redis key left under the test prefix');
});
