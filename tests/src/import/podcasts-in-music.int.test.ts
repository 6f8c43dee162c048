import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { normaliseName } from '@spotify-pipeline/avro';
import {
  enrichmentEnv,
  formatRunSummary,
  runEnrichment,
  runImport,
  startEnrichment,
} from '@spotify-pipeline/importer';
import {
  ALL_TIME,
  createReportDatabase,
  loadListeningReport,
  renderReportHtml,
} from '@spotify-pipeline/report';
import { Closer, createLogger, parseEnv, warehouseEnv } from '@spotify-pipeline/runtime';
import { simCatalogue, writeExportFromTruth } from '@spotify-pipeline/spotify-sim';
import { deleteRedisPrefix, TEST_REDIS_URL, testLogLevel } from '@spotify-pipeline/test-support';
import { TEST_BROKERS } from '../support/kafka.ts';
import { PipelineWorld, TEST_DATABASE_URL } from '../support/pipeline-world.ts';
import { uniqueName } from '../support/unique.ts';
import { SIM_OPTIONS, simListening } from './sim-listening.ts';

const LOAD_TIMEOUT_MS = 120_000;
/** The market the enrichment searches in: episodes of shows not available there cannot be found. */
const MARKET = 'SE';

/**
 * A pre-2023 account-data export puts podcast episodes into the music files, the show as
 * `artistName` and the episode as `trackName`: nothing in the row says it is an episode. The
 * import loads them as name-only music; the enrichment's name search must find them again.
 */
test('podcast episodes mixed into pre-2023 music files are found by the enrichment, flagged, reported and kept out of the music views', {
  timeout: 600_000,
}, async (t) => {
  const closer = new Closer(createLogger('podcasts-cleanup', 'warn'));
  t.after(() => closer.close());
  const listening = await simListening();
  closer.add('simulator', () => listening.sim.stop());
  const catalogue = simCatalogue(SIM_OPTIONS);
  const dir = await mkdtemp(join(tmpdir(), 'podcasts-in-music-'));
  closer.add('export folder', () => rm(dir, { recursive: true, force: true }));
  const exported = await writeExportFromTruth({
    truth: listening.truth,
    catalogue,
    country: listening.account.country ?? 'SE',
    out: join(dir, 'export'),
    layout: 'folder',
    formats: ['account-data'],
    podcastsInMusicFiles: true,
    episodesFromCatalogue: true,
    episodeShare: 0.4,
    removedTrackShare: 0,
  });
  assert.ok(
    exported.files.every((f) => !f.includes('podcast')),
    'no podcast file: the episodes are in the music files',
  );
  const available = (showName: string) =>
    catalogue.podcasts.shows.find((s) => s.name === showName)!.availableMarkets.includes(MARKET);
  const findable = exported.episodePlays.filter((p) => available(p.artistName!));
  const unfindable = exported.episodePlays.filter((p) => !available(p.artistName!));
  assert.ok(findable.length >= 5, `enough episodes to find (${findable.length})`);

  const world = await PipelineWorld.create('podcasts');
  closer.add('pipeline world', () => world.close());
  await world.startNormalizer();
  await world.startSink();
  const imported = await runImport({
    paths: [join(dir, 'export')],
    account: { ...listening.account, display_name: null, country: null },
    kafka: world.kafka.kafka,
    topic: world.topics.rawPlays.name,
    logger: world.logger,
    stateDir: join(dir, 'state'),
    batchSize: 100,
  });
  assert.equal(imported.counts.skipped['podcast-episode'], 0, 'nothing in the rows marks an episode');
  await world.waitUntilLoaded({ timeoutMs: LOAD_TIMEOUT_MS });
  const s = world.schema;
  /** Plays per (artist, track) name pair in a view. */
  const namesIn = async (view: string) =>
    (
      await world.warehouse.query<{ artist_name: string; track_name: string }>(
        `SELECT artist_name, track_name FROM "${s}".${view}`,
      )
    ).map((r) => `${normaliseName(r.artist_name)}|${normaliseName(r.track_name)}`);
  const key = (p: { artistName: string | null; title: string }) =>
    `${normaliseName(p.artistName!)}|${normaliseName(p.title)}`;
  const musicBefore = await namesIn('v_plays');
  assert.equal(
    musicBefore.filter((n) => exported.episodePlays.some((p) => key(p) === n)).length,
    exported.episodePlays.length,
    'before the enrichment the episodes load as name-only music plays',
  );

  const redisPrefix = uniqueName('podcasts');
  closer.add('redis keys', () => deleteRedisPrefix(redisPrefix, TEST_REDIS_URL));
  const config = parseEnv(enrichmentEnv, {
    KAFKA_BROKERS: TEST_BROKERS.join(','),
    TOPIC_PREFIX: world.kafka.prefix,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    DATABASE_URL: TEST_DATABASE_URL,
    WAREHOUSE_SCHEMA: s,
    ...listening.sim.clientEnv(),
    ENRICHMENT_MARKET: MARKET,
    ENRICHMENT_RATE_LIMIT_MAX: '50',
    ENRICHMENT_CONCURRENCY: '4',
    ENRICHMENT_SETTLE_TIMEOUT_MS: String(LOAD_TIMEOUT_MS),
    LOG_LEVEL: testLogLevel(),
  });
  const enrichment = await startEnrichment(config, { logger: world.logger });
  closer.add('enrichment', () => enrichment.stop());
  const summary = await runEnrichment(enrichment, { settleTimeoutMs: LOAD_TIMEOUT_MS, intervalMs: 50 });
  assert.equal(summary.interrupted, false);
  assert.deepEqual(summary.failed, []);

  // The music views: no episode the search found; the ones it could not find stay (the limit).
  const musicAfter = await namesIn('v_plays');
  for (const p of findable) assert.ok(!musicAfter.includes(key(p)), `${key(p)} is out of v_plays`);
  const unfindableKeys = new Set(unfindable.map(key));
  assert.equal(
    musicAfter.length,
    musicBefore.length - findable.filter((p) => !unfindableKeys.has(key(p))).length,
    'only the episodes found left the music views',
  );
  const topArtists = (
    await world.warehouse.query<{ artist_name: string }>(
      `SELECT artist_name FROM "${s}".v_top_artists_by_month`,
    )
  ).map((r) => normaliseName(r.artist_name));
  for (const p of findable)
    if (!unfindableKeys.has(key(p)))
      assert.ok(!topArtists.includes(normaliseName(p.artistName!)), `show ${p.artistName} is no top artist`);

  // Flagged: the tracks, and a view of the podcast plays found among the music.
  const flagged = await world.warehouse.query<{ name: string }>(
    `SELECT name FROM "${s}".dim_track WHERE is_episode ORDER BY name`,
  );
  const foundNames = [...new Set(findable.filter((p) => !unfindableKeys.has(key(p))).map((p) => p.title))];
  assert.deepEqual(
    flagged.map((r) => r.name).sort(),
    [...foundNames].sort(),
    'exactly the episodes found are flagged, no music track',
  );
  const podcastPlays = await namesIn('v_podcast_plays');
  assert.equal(
    podcastPlays.length,
    musicBefore.length - musicAfter.length,
    'each play left for v_podcast_plays',
  );

  // Reported: the run's summary and the status.
  assert.equal(summary.episodes, foundNames.length);
  assert.equal(summary.episodePlays, podcastPlays.length);
  assert.match(
    formatRunSummary(summary),
    new RegExp(
      `${foundNames.length} podcast episode\\(s\\) \\(${podcastPlays.length} play\\(s\\)\\) found among the music`,
    ),
  );
  const progress = await enrichment.progress();
  assert.equal(progress.namesToSearch, 0, 'every name-only track was searched once');
  assert.equal(progress.episodes, foundNames.length);
  // What the listener sees: the report leaves them out and says so.
  const db = createReportDatabase(
    parseEnv(warehouseEnv, { DATABASE_URL: TEST_DATABASE_URL, WAREHOUSE_SCHEMA: s }),
  );
  closer.add('report database', () => db.close());
  const report = await loadListeningReport(db, listening.account.id, ALL_TIME);
  assert.deepEqual(report.podcasts, { plays: podcastPlays.length, episodes: foundNames.length });
  assert.equal(report.totals.plays, musicAfter.length, 'the report counts the music only');
  assert.match(
    renderReportHtml(report),
    new RegExp(
      `Not counted here: ${podcastPlays.length} play\\(s\\) of ${foundNames.length} podcast episode\\(s\\)`,
    ),
  );
  t.diagnostic(
    `${exported.episodePlays.length} episode plays in the music files, ${podcastPlays.length} found (${unfindable.length} of shows not available in ${MARKET})`,
  );
});
