import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codecs } from '@spotify-pipeline/avro';
import { Closer, createLogger, waitUntil } from '@spotify-pipeline/runtime';
import { startSpotifySim } from '@spotify-pipeline/spotify-sim';
import { propertyRuns } from '@spotify-pipeline/test-support';
import fc from 'fast-check';
import { linkListeners } from '../e2e/link-listeners.ts';
import { metricValue } from '../support/metric-value.ts';
import { PipelineWorld } from '../support/pipeline-world.ts';
import {
  expectedOutcomes,
  type ItemOutcome,
  OpenApiArbitraries,
  placeInBand,
  recentlyPlayedPage,
} from '../support/recently-played-arbitrary.ts';
import { uniqueName } from '../support/unique.ts';
import { startWorldPoller } from '../support/world-poller.ts';

const DAY_MS = 86_400_000;
/** Each generated page gets a day of its own, later than every page before it. */
const FIRST_BAND = Date.parse('2026-02-01T00:00:00Z');
const RUNS = propertyRuns('SHAPES', 25);
const TIMEOUT_MS = 60_000;

interface Seen {
  /** played_at (ms) of every raw play on the raw topic. */
  readonly raw: number[];
  /** x_probe of every item the poller dead-lettered, with its reason. */
  readonly pollerDead: { probe: string; reason: string }[];
  /** played_at (ms) and reason of every raw play the normalizer dead-lettered. */
  readonly normalizerDead: { playedAtMs: number; reason: string }[];
}

test('generated recently-played pages of every shape: the poller never fails a poll, each play lands in fact_play once, every other item is dead-lettered with a reason, nothing else', {
  timeout: 600_000,
}, async (t) => {
  const closer = new Closer(createLogger('shapes-cleanup', 'warn'));
  t.after(() => closer.close());
  const world = await PipelineWorld.create('shapes');
  closer.add('pipeline world', () => world.close());
  const sim = await startSpotifySim({ seed: 77, accounts: 1, historyHours: 1 });
  closer.add('simulator', () => sim.stop());
  await world.startNormalizer();
  await world.startSink({ SINK_BATCH_LINGER_MS: '50' });
  const { handle, registry, log } = await startWorldPoller(world, sim, closer);
  const [accountId] = await linkListeners(sim, handle.url);
  assert.ok(accountId);

  // Everything the poller and the normalizer publish, read committed, as it arrives.
  const seen: Seen = { raw: [], pollerDead: [], normalizerDead: [] };
  const consumer = world.kafka.kafka.consumer({ groupId: world.groupId(uniqueName('observer')) });
  await consumer.connect();
  closer.add('observer', () => consumer.disconnect());
  await consumer.subscribe({
    topics: [world.topics.rawPlays.name, world.topics.deadLetter.name],
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      if (topic === world.topics.rawPlays.name) {
        seen.raw.push(codecs.rawPlay.decode(message.value!).played_at.getTime());
        return;
      }
      const reason = message.headers?.['dlq.reason']?.toString() ?? '';
      if (message.headers?.['dlq.service']?.toString() === 'poller') {
        const item = JSON.parse(message.value!.toString()) as { x_probe?: string };
        seen.pollerDead.push({ probe: String(item.x_probe), reason });
      } else {
        const play = codecs.rawPlay.decode(message.value!);
        seen.normalizerDead.push({ playedAtMs: play.played_at.getTime(), reason });
      }
    },
  });

  // The history the simulator had before the pages below: it lands like any other.
  await waitUntil(() => log.polls.length > 0, { what: 'a first poll', timeoutMs: TIMEOUT_MS });
  const api = new OpenApiArbitraries();
  const expected: ItemOutcome[] = [];
  let run = 0;
  let generated = 0;

  await fc.assert(
    fc.asyncProperty(recentlyPlayedPage(api), async (generatedPage) => {
      run += 1;
      const prefix = `run${run}`;
      const bandStart = FIRST_BAND + run * DAY_MS;
      const page = placeInBand(generatedPage, bandStart, prefix);
      const failedBefore = await metricValue(registry, 'poller_polls_total', { outcome: 'failed' });
      sim.faults.serveRecentlyPlayed(accountId, page);
      const mark = log.seq;
      await log.pollAfter(accountId, mark, TIMEOUT_MS);
      // The poller never throws on a page: no poll of it failed.
      assert.equal(
        await metricValue(registry, 'poller_polls_total', { outcome: 'failed' }),
        failedBefore,
        'a poll of the page failed',
      );
      const want = expectedOutcomes(page);
      const probes = new Set(want.flatMap((o) => (o.kind === 'poller-dead-letter' ? [o.probe] : [])));
      const playKeys = new Set(want.flatMap((o) => (o.kind === 'poller-dead-letter' ? [] : [o.playedAtMs])));
      // Published plays and the poller's dead letters of this page: exactly the expected ones.
      await waitUntil(
        () =>
          [...playKeys].every((k) => seen.raw.includes(k)) &&
          [...probes].every((p) => seen.pollerDead.some((d) => d.probe === p)),
        { what: 'the page on the raw and dead-letter topics', timeoutMs: TIMEOUT_MS, intervalMs: 20 },
      );
      const bandOf = (ms: number) => ms >= bandStart && ms < bandStart + DAY_MS;
      assert.deepEqual(
        seen.raw.filter(bandOf).sort(),
        [...playKeys].sort(),
        'each play of the page on the raw topic once',
      );
      assert.deepEqual(
        seen.pollerDead
          .filter((d) => d.probe.startsWith(`${prefix}:`))
          .map((d) => d.probe)
          .sort(),
        [...probes].sort(),
        'each unreadable item of the page dead-lettered once',
      );
      assert.ok(
        seen.pollerDead.every((d) => d.reason === 'unreadable-item'),
        'the poller names its reason',
      );
      expected.push(...want);
      generated += 1;
    }),
    // A failure prints its seed; SHAPES_SEED=<seed> replays the same pages.
    RUNS,
  );

  // Through the real normalizer and sink: each play once in fact_play; the rest dead-lettered.
  await world.waitUntilLoaded({ timeoutMs: TIMEOUT_MS });
  const facts = expected.flatMap((o) => (o.kind === 'fact' ? [o.playedAtMs] : []));
  // The simulator's own history (around its clock, today) is not part of the property.
  const inBands = (ms: number) => ms >= FIRST_BAND && ms < FIRST_BAND + (run + 1) * DAY_MS;
  const rows = await world.warehouse.query<{ ms: string }>(
    `SELECT (extract(epoch FROM played_at) * 1000)::bigint::text AS ms FROM "${world.schema}".fact_play WHERE account_id = $1`,
    [accountId],
  );
  const stored = rows.map((r) => Number(r.ms)).filter(inBands);
  assert.equal(new Set(stored).size, stored.length, 'no play stored twice');
  assert.deepEqual(stored.sort(), [...facts].sort(), 'fact_play holds every generated play, nothing else');
  const normalizerWant = expected
    .flatMap((o) => (o.kind === 'normalizer-dead-letter' ? [`${o.playedAtMs}:${o.reason}`] : []))
    .sort();
  await waitUntil(
    () => seen.normalizerDead.filter((d) => inBands(d.playedAtMs)).length >= normalizerWant.length,
    {
      what: 'the normalizer dead letters',
      timeoutMs: TIMEOUT_MS,
    },
  );
  assert.deepEqual(
    seen.normalizerDead
      .filter((d) => inBands(d.playedAtMs))
      .map((d) => `${d.playedAtMs}:${d.reason}`)
      .sort(),
    normalizerWant,
    'the normalizer dead-lettered exactly the local files and episodes',
  );
  assert.ok(
    facts.length > generated,
    `most generated items are plays: ${facts.length} of ${expected.length}`,
  );
  const [counted] = await world.warehouse.query<{ inferred: number }>(
    `SELECT count(*)::int AS inferred FROM "${world.schema}".fact_play
      WHERE account_id = $1 AND album_id LIKE 'export-album:%'`,
    [accountId],
  );
  const inferred = counted?.inferred ?? 0;
  assert.ok(
    inferred > 0 && inferred < facts.length,
    `plays on inferred members and on real ones: ${inferred}`,
  );
  t.diagnostic(
    `${generated} pages: ${facts.length} plays in fact_play (${inferred} on inferred members), ${normalizerWant.length} dead-lettered by the normalizer, ` +
      `${seen.pollerDead.length} unreadable items dead-lettered by the poller`,
  );
});
