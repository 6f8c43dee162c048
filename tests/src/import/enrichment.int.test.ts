import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type EnrichmentHandle,
  enrichmentEnv,
  runEnrichment,
  runImport,
  startEnrichment,
} from '@spotify-pipeline/importer';
import { parseEnv, waitUntil } from '@spotify-pipeline/runtime';
import { simCatalogue, type TruthExport, writeExportFromTruth } from '@spotify-pipeline/spotify-sim';
import { TEST_REDIS_URL, testLogLevel } from '@spotify-pipeline/test-support';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { TEST_BROKERS } from '../support/kafka.ts';
import { PipelineWorld, TEST_DATABASE_URL } from '../support/pipeline-world.ts';
import { uniqueName } from '../support/unique.ts';
import { SIM_OPTIONS, type SimListening, simListening } from './sim-listening.ts';

const LOAD_TIMEOUT_MS = 120_000;
const REDIS_URL = TEST_REDIS_URL;
const TRACK_PATH = /^\/v1\/tracks\/([0-9A-Za-z]{22})$/;

/** Every answer the simulator gave to `GET /v1/tracks/{id}`, by track id and status. */
class LookupLog {
  readonly #byTrack = new Map<string, number[]>();
  readonly fetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(String(input instanceof Request ? input.url : input));
    const match = TRACK_PATH.exec(url.pathname);
    if (match) {
      const statuses = this.#byTrack.get(match[1]!) ?? [];
      statuses.push(response.status);
      this.#byTrack.set(match[1]!, statuses);
    }
    return response;
  };

  count(status: number, trackId?: string): number {
    const lists = trackId === undefined ? [...this.#byTrack.values()] : [this.#byTrack.get(trackId) ?? []];
    return lists.flat().filter((s) => s === status).length;
  }

  answered(status: number): string[] {
    return [...this.#byTrack].filter(([, s]) => s.includes(status)).map(([id]) => id);
  }
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

interface TrackRow {
  track_id: string;
  name: string | null;
  album_id: string | null;
  is_inferred: boolean;
  is_unavailable: boolean;
  artists: string[] | null;
  album_name: string | null;
  album_inferred: boolean | null;
}

describe('enrichment of imported tracks under a 429 storm (simulator, real Kafka, Redis, PostgreSQL)', () => {
  let listening: SimListening;
  let dir: string;
  let exported: TruthExport;

  before(async () => {
    listening = await simListening();
    dir = await mkdtemp(join(tmpdir(), 'enrich-'));
    exported = await writeExportFromTruth({
      truth: listening.truth,
      catalogue: simCatalogue(SIM_OPTIONS),
      country: listening.account.country ?? 'SE',
      out: join(dir, 'export'),
      layout: 'folder',
      formats: ['extended'],
      episodeShare: 0,
      removedTrackShare: 0.5,
    });
  });
  after(async () => {
    await listening?.sim.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a refused token request stops enrichment at once with one message, before any lookup', async (t) => {
    const world = await PipelineWorld.create('enrich_refused');
    t.after(() => world.close());
    const redisPrefix = uniqueName('enrich-refused');
    t.after(() => deleteRedisKeys(redisPrefix));
    const log = new LookupLog();
    const config = parseEnv(enrichmentEnv, {
      KAFKA_BROKERS: TEST_BROKERS.join(','),
      TOPIC_PREFIX: world.kafka.prefix,
      REDIS_URL,
      REDIS_PREFIX: redisPrefix,
      DATABASE_URL: TEST_DATABASE_URL,
      WAREHOUSE_SCHEMA: world.schema,
      SPOTIFY_CLIENT_ID: 'sim-client-id',
      SPOTIFY_CLIENT_SECRET: 'not-the-secret',
      SPOTIFY_ACCOUNTS_URL: listening.sim.url,
      SPOTIFY_API_URL: listening.sim.url,
      LOG_LEVEL: testLogLevel(),
    });
    await assert.rejects(startEnrichment(config, { logger: world.logger, fetch: log.fetch }), {
      name: 'EnrichmentCredentialsError',
      message: /Spotify refused the app's token request .*check SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET/,
    });
    assert.equal(log.count(200) + log.count(404), 0, 'no track was looked up');
  });

  it('finishes with every resolvable track complete, 404 tracks flagged with their export names, each track looked up once across a restart', async (t) => {
    const { sim } = listening;
    const catalogue = simCatalogue(SIM_OPTIONS);
    const world = await PipelineWorld.create('enrich');
    t.after(() => world.close());
    const redisPrefix = uniqueName('enrich');
    t.after(() => deleteRedisKeys(redisPrefix));
    await world.startNormalizer();
    await world.startSink();
    await runImport({
      paths: [join(dir, 'export')],
      account: { ...listening.account, display_name: null, country: null },
      kafka: world.kafka.kafka,
      topic: world.topics.rawPlays.name,
      logger: world.logger,
      stateDir: join(dir, 'state'),
      batchSize: 100,
    });
    await world.waitUntilLoaded({ timeoutMs: LOAD_TIMEOUT_MS });

    // A few tracks become known through polling first: they must never be looked up.
    const polledFirst = listening.polled.slice(0, 8);
    await world.produceRawPlays(polledFirst);
    await world.waitUntilLoaded({ timeoutMs: LOAD_TIMEOUT_MS });
    const known = new Set(polledFirst.map((p) => p.track.id!));

    const s = world.schema;
    const removed = new Set(exported.removedTrackPlays.map((p) => p.trackId));
    const played = [...new Set(listening.expected.map((p) => p.trackId!))];
    const resolvable = played.filter((id) => !known.has(id));
    assert.ok(removed.size >= 3, `some removed tracks in the export (${removed.size})`);
    assert.ok(resolvable.length >= 20, `enough distinct tracks (${resolvable.length})`);
    const exportNames = new Map(
      (
        await world.warehouse.query<{ track_id: string; name: string }>(
          `SELECT track_id, name FROM "${s}".dim_track WHERE is_inferred`,
        )
      ).map((r) => [r.track_id, r.name]),
    );
    for (const id of [...resolvable, ...removed]) assert.ok(exportNames.has(id), `${id} starts inferred`);

    const log = new LookupLog();
    const config = parseEnv(enrichmentEnv, {
      KAFKA_BROKERS: TEST_BROKERS.join(','),
      TOPIC_PREFIX: world.kafka.prefix,
      REDIS_URL,
      REDIS_PREFIX: redisPrefix,
      DATABASE_URL: TEST_DATABASE_URL,
      WAREHOUSE_SCHEMA: s,
      ...sim.clientEnv(),
      ENRICHMENT_RATE_LIMIT_MAX: '25',
      ENRICHMENT_RATE_LIMIT_DURATION_MS: '1000',
      ENRICHMENT_CONCURRENCY: '4',
      ENRICHMENT_SETTLE_TIMEOUT_MS: String(LOAD_TIMEOUT_MS),
      HTTP_PORT: '0',
      LOG_LEVEL: testLogLevel(),
    });
    const pollerQueue = new Queue(config.ENRICHMENT_SHARED_PAUSE_QUEUE, {
      connection: { url: REDIS_URL },
      prefix: redisPrefix,
    });
    t.after(() => pollerQueue.close());
    const start = () => startEnrichment(config, { logger: world.logger, fetch: log.fetch });
    const total = resolvable.length + removed.size;

    // First run: a 429 storm after a few lookups, stopped (like Ctrl-C) a bit past a third of the way.
    let first: EnrichmentHandle | undefined = await start();
    t.after(() => first?.stop());
    const stop = new AbortController();
    const storms = (async () => {
      await waitUntil(() => log.count(200) >= 3, {
        what: 'three lookups',
        timeoutMs: LOAD_TIMEOUT_MS,
        intervalMs: 20,
      });
      sim.faults.rateLimit({ retryAfterSeconds: 1, forMs: 2_500 });
      // The pause reaches the poller's queue too: Spotify's limit is the app's.
      await waitUntil(async () => (await pollerQueue.getRateLimitTtl()) > 0, {
        what: "the poller's queue paused by the enrichment's 429",
        timeoutMs: 10_000,
        intervalMs: 20,
      });
      await waitUntil(() => log.count(200) + log.count(404) >= Math.ceil(total / 3), {
        what: 'a third of the lookups',
        timeoutMs: LOAD_TIMEOUT_MS,
        intervalMs: 20,
      });
      stop.abort();
    })();
    const interrupted = await runEnrichment(first, {
      settleTimeoutMs: LOAD_TIMEOUT_MS,
      signal: stop.signal,
      intervalMs: 50,
    });
    await storms;
    await first.stop();
    first = undefined;
    assert.equal(interrupted.interrupted, true);
    assert.ok(log.count(429) > 0, 'the storm answered 429s');
    const doneBeforeRestart = log.count(200) + log.count(404);
    assert.ok(doneBeforeRestart < total, `the restart comes mid-way (${doneBeforeRestart} of ${total})`);

    // Second run, under another storm: picks up where the first stopped and finishes.
    const second = await start();
    t.after(() => second.stop());
    sim.faults.rateLimit({ retryAfterSeconds: 1, forMs: 1_500 });
    const summary = await runEnrichment(second, { settleTimeoutMs: LOAD_TIMEOUT_MS, intervalMs: 50 });
    assert.equal(summary.interrupted, false);
    assert.equal(summary.remaining, 0, 'nothing left to look up');
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(await second.progress(), {
      tracks: 0,
      placeholderPlays: exported.removedTrackPlays.length,
      unavailable: removed.size,
      namesToSearch: 0,
      episodes: 0,
      episodePlays: 0,
    });
    // Albums and artists travel on their own topics: let the sink write everything before reading.
    await world.waitUntilLoaded({ timeoutMs: LOAD_TIMEOUT_MS });
    const metrics = await (await fetch(`${second.url}/metrics`)).text();
    assert.match(metrics, /^importer_enrichment_remaining\{[^}]*\} 0$/m);
    assert.match(metrics, /^importer_enrichment_lookups_total\{[^}]*outcome="enriched"[^}]*\} [1-9]/m);

    // Each distinct track was looked up once, the restart and the storms notwithstanding.
    for (const id of resolvable) assert.equal(log.count(200, id), 1, `track ${id} looked up once`);
    for (const id of removed) assert.equal(log.count(404, id), 1, `removed track ${id} asked once`);
    assert.deepEqual(log.answered(200).sort(), [...resolvable].sort(), 'no lookup of anything else');
    for (const id of known) assert.equal(log.count(200, id), 0, `known track ${id} never looked up`);
    t.diagnostic(
      `${resolvable.length} tracks looked up, ${removed.size} answered 404, ${known.size} known from polling, ${log.count(429)} 429s, ${doneBeforeRestart} lookups before the restart`,
    );

    const rows = await world.warehouse.query<TrackRow>(
      `SELECT t.track_id, t.name, t.album_id, t.is_inferred, t.is_unavailable,
              (SELECT array_agg(b.artist_id ORDER BY b.artist_position) FROM "${s}".bridge_track_artist b WHERE b.track_id = t.track_id) AS artists,
              a.name AS album_name, a.is_inferred AS album_inferred
       FROM "${s}".dim_track t LEFT JOIN "${s}".dim_album a ON a.album_id = t.album_id`,
    );
    const byId = new Map(rows.map((r) => [r.track_id, r]));
    for (const id of played) {
      const truth = catalogue.track(id)!;
      const row = byId.get(id)!;
      assert.equal(row.is_inferred, false, `${id} complete`);
      assert.equal(row.is_unavailable, false);
      assert.equal(row.name, truth.name);
      assert.equal(row.album_id, truth.albumId);
      assert.deepEqual(row.artists, [...truth.artistIds]);
      assert.equal(row.album_name, catalogue.albums.get(truth.albumId!)!.name);
      assert.equal(row.album_inferred, false);
    }
    for (const id of removed) {
      const row = byId.get(id)!;
      assert.equal(row.is_inferred, true, `removed ${id} stays inferred`);
      assert.equal(row.is_unavailable, true, `removed ${id} flagged`);
      assert.equal(row.name, exportNames.get(id), `removed ${id} keeps the export's name`);
    }

    // The facts of completed tracks moved to the real album and first artist; 404 tracks' did not.
    const facts = await world.warehouse.query<{
      track_id: string;
      album_id: string;
      primary_artist_id: string;
    }>(`SELECT track_id, album_id, primary_artist_id FROM "${s}".fact_play`);
    assert.equal(facts.length, listening.expected.length + exported.removedTrackPlays.length);
    for (const fact of facts) {
      if (removed.has(fact.track_id)) {
        assert.match(fact.album_id, /^export-album:/);
        continue;
      }
      const truth = catalogue.track(fact.track_id)!;
      assert.equal(fact.album_id, truth.albumId, `play of ${fact.track_id} on its album`);
      assert.equal(fact.primary_artist_id, truth.artistIds[0]);
    }

    // A third run finds nothing to do and looks nothing up.
    const lookupsSoFar = log.count(200) + log.count(404);
    const again = await runEnrichment(second, { settleTimeoutMs: LOAD_TIMEOUT_MS, intervalMs: 50 });
    assert.equal(again.listed, 0);
    assert.equal(log.count(200) + log.count(404), lookupsSoFar);
  });
});
