import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enrichmentEnv, runEnrichment, startEnrichment } from '@spotify-pipeline/importer';
import { Closer, createLogger, parseEnv, waitUntil } from '@spotify-pipeline/runtime';
import { simCatalogue, startSpotifySim } from '@spotify-pipeline/spotify-sim';
import { TEST_REDIS_URL, testLogLevel } from '@spotify-pipeline/test-support';
import { linkListeners } from '../e2e/link-listeners.ts';
import { TEST_BROKERS } from '../support/kafka.ts';
import { PipelineWorld, TEST_DATABASE_URL } from '../support/pipeline-world.ts';
import { startWorldPoller } from '../support/world-poller.ts';

const TIMEOUT_MS = 120_000;
const SIM = { seed: 91, accounts: 1, historyHours: 1 } as const;

test('a polled play with a track id but no album or artists lands at once on inferred members, and the enrichment of imports completes it', {
  timeout: 300_000,
}, async (t) => {
  const closer = new Closer(createLogger('incomplete-cleanup', 'warn'));
  t.after(() => closer.close());
  const world = await PipelineWorld.create('incomplete');
  closer.add('pipeline world', () => world.close());
  const sim = await startSpotifySim(SIM);
  closer.add('simulator', () => sim.stop());
  await world.startNormalizer();
  await world.startSink({ SINK_BATCH_LINGER_MS: '50' });
  const { handle, redisPrefix } = await startWorldPoller(world, sim, closer);
  const [accountId] = await linkListeners(sim, handle.url);
  assert.ok(accountId);

  // Older response shapes: no `album` key, artists null or without ids, no name, no duration.
  const catalogue = simCatalogue(SIM);
  const tracks = catalogue.tracks.filter((tr) => tr.local === null).slice(0, 3);
  const at = Date.parse('2026-01-10T12:00:00Z');
  const items = [
    {
      played_at: new Date(at).toISOString(),
      track: { id: tracks[0]!.id, name: tracks[0]!.name, artists: null },
    },
    { played_at: new Date(at + 240_000).toISOString(), track: { uri: `spotify:track:${tracks[1]!.id}` } },
    {
      played_at: new Date(at + 480_000).toISOString(),
      track: { id: tracks[2]!.id, artists: [{ name: 'Someone' }], album: { name: 'Somewhere' } },
      context: { uri: `spotify:user:${accountId}:playlist:37i9dQZF1DXcBWIGoYBM5M` },
    },
  ];
  sim.faults.serveRecentlyPlayed(accountId, { items, next: null, cursors: null });
  const s = world.schema;
  const facts = () =>
    world.warehouse.query<{
      track_id: string;
      album_id: string;
      primary_artist_id: string;
      context_type: string;
    }>(
      `SELECT track_id, album_id, primary_artist_id, context_type FROM "${s}".fact_play
        WHERE played_at < timestamptz '2026-02-01' ORDER BY played_at`,
    );
  await waitUntil(async () => (await facts()).length === items.length, {
    what: 'the incomplete plays in fact_play',
    timeoutMs: TIMEOUT_MS,
    intervalMs: 100,
  });
  const ids = tracks.map((tr) => tr.id!);
  const landed = await facts();
  assert.deepEqual(
    landed.map((f) => f.track_id),
    ids,
  );
  for (const fact of landed) {
    assert.match(fact.album_id, /^export-album:/, 'on a placeholder album until enriched');
    assert.match(fact.primary_artist_id, /^export-artist:/);
  }
  assert.equal(landed[2]!.context_type, 'unknown', 'a context without a type is kept as unknown');
  const inferred = await world.warehouse.query<{ track_id: string }>(
    `SELECT track_id FROM "${s}".dim_track WHERE is_inferred AND track_id = ANY($1::text[]) ORDER BY track_id`,
    [ids],
  );
  assert.deepEqual(
    inferred.map((r) => r.track_id),
    [...ids].sort(),
    'the warehouse flags the tracks as inferred',
  );

  // The same enrichment run that completes imported plays completes these.
  const config = parseEnv(enrichmentEnv, {
    KAFKA_BROKERS: TEST_BROKERS.join(','),
    TOPIC_PREFIX: world.kafka.prefix,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    DATABASE_URL: TEST_DATABASE_URL,
    WAREHOUSE_SCHEMA: s,
    ...sim.clientEnv(),
    ENRICHMENT_SETTLE_TIMEOUT_MS: String(TIMEOUT_MS),
    HTTP_PORT: '0',
    LOG_LEVEL: testLogLevel(),
  });
  const enrichment = await startEnrichment(config, { logger: world.logger });
  closer.add('enrichment', () => enrichment.stop());
  const summary = await runEnrichment(enrichment, { settleTimeoutMs: TIMEOUT_MS, intervalMs: 50 });
  assert.equal(summary.remaining, 0);
  assert.deepEqual(summary.failed, []);
  await world.waitUntilLoaded({ timeoutMs: TIMEOUT_MS });
  // Facts are re-pointed at the start of a run once their tracks are known.
  await runEnrichment(enrichment, { settleTimeoutMs: TIMEOUT_MS, intervalMs: 50 });
  const completed = await facts();
  for (const [i, fact] of completed.entries()) {
    const truth = catalogue.track(ids[i]!)!;
    assert.equal(fact.album_id, truth.albumId, `play of ${fact.track_id} on its album`);
    assert.equal(fact.primary_artist_id, truth.artistIds[0]);
  }
  const stillInferred = await world.warehouse.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${s}".dim_track WHERE is_inferred AND track_id = ANY($1::text[])`,
    [ids],
  );
  assert.equal(stillInferred[0]?.n, 0, 'no longer flagged inferred');
});
