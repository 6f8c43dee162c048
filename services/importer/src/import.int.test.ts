import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { codecs, type RawPlay } from '@spotify-pipeline/avro';
import { createKafka, ensureTopics, topicsFor, waitUntil } from '@spotify-pipeline/runtime';
import {
  generateExport,
  simCatalogue,
  startSpotifySim,
  writeExportFromTruth,
} from '@spotify-pipeline/spotify-sim';
import { TEST_BROKERS, uniqueName } from '@spotify-pipeline/test-support';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { RESOLUTION_HEADER, runImport } from './run-import.ts';
import { quietLogger, TEST_ACCOUNT, tempDir } from './test-support.ts';

const unique = uniqueName;

interface Received {
  readonly play: RawPlay;
  readonly key: string;
  readonly resolution: string;
}

/** Reads the topic from the start until `count` messages have arrived (or the deadline passes). */
async function readTopic(kafka: Kafka, topic: string, count: number): Promise<Received[]> {
  const consumer: Consumer = kafka.consumer({ groupId: unique('importer-read') });
  const received: Received[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push({
          play: codecs.rawPlay.decode(message.value!),
          key: message.key!.toString(),
          resolution: message.headers?.[RESOLUTION_HEADER]?.toString() ?? '',
        });
      },
    });
    await waitUntil(() => received.length >= count, {
      what: `${count} messages on ${topic}`,
      timeoutMs: 60_000,
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

const playKey = (trackId: string | null, ms: number) => `${trackId}|${new Date(ms).toISOString()}`;

describe('import into real Kafka', { timeout: 180_000 }, () => {
  let kafka: Kafka;
  let admin: Admin;
  let dir: { path: string; remove(): Promise<void> };
  const created: string[] = [];

  before(async () => {
    kafka = createKafka({ brokers: [...TEST_BROKERS], clientId: unique('importer'), logger: quietLogger });
    admin = kafka.admin();
    await admin.connect();
    dir = await tempDir('int');
  });
  after(async () => {
    await admin.deleteTopics({ topics: created }).catch(() => undefined);
    await admin.disconnect();
    await dir.remove();
  });

  async function rawTopic(label: string): Promise<string> {
    const spec = topicsFor(`${unique(label)}.`).rawPlays;
    await ensureTopics(admin, [spec]);
    created.push(spec.name);
    return spec.name;
  }

  it("publishes exactly the truth's plays of 30 s or more from a sim export (plus removed tracks)", async () => {
    const simOptions = {
      seed: 4242,
      accounts: 1,
      historyHours: 24 * 10,
      catalogueSize: 800,
      clock: { mode: 'manual' as const, start: new Date('2026-02-01T00:00:00Z') },
    };
    const sim = await startSpotifySim(simOptions);
    try {
      const account = sim.accounts()[0]!;
      const truth = sim.truth(account.id);
      const exported = await writeExportFromTruth({
        truth,
        catalogue: simCatalogue(simOptions),
        country: account.country,
        out: join(dir.path, 'sim', 'my_spotify_data.zip'),
        layout: 'zip',
        formats: ['extended'],
        entriesPerFile: 100,
      });
      assert.ok(
        truth.some((p) => p.msPlayed < 30_000) && truth.some((p) => p.offline),
        'truth has short and offline plays',
      );
      assert.ok(exported.episodes > 0 && exported.removedTrackPlays.length > 0);
      // Removed tracks are in no catalogue, so the sim's GET /v1/tracks/{id} answers 404 for them.
      const catalogue = simCatalogue(simOptions);
      assert.ok(exported.removedTrackPlays.every((p) => catalogue.track(p.trackId) === undefined));

      const topic = await rawTopic('e2e');
      const summary = await runImport({
        paths: [exported.out],
        account: { id: account.id, time_zone: account.timeZone, display_name: null, country: null },
        kafka,
        topic,
        batchSize: 250,
        stateDir: join(dir.path, 'state-e2e'),
        logger: quietLogger,
      });
      const expected = [
        ...truth
          .filter((p) => p.msPlayed >= 30_000)
          .map((p) => playKey(p.trackId, Math.floor(p.playedAt.getTime() / 1000) * 1000)),
        ...exported.removedTrackPlays.map((p) => playKey(p.trackId, p.endMs)),
      ].sort();
      assert.equal(summary.counts.published, expected.length);
      assert.equal(summary.counts.skipped['podcast-episode'], exported.episodes);
      assert.equal(
        summary.counts.skipped['under-minimum-play-time'],
        truth.filter((p) => p.msPlayed < 30_000).length,
      );
      assert.equal(summary.interrupted, false);

      const received = await readTopic(kafka, topic, expected.length);
      assert.deepEqual(
        // A listen's key is the export's second plus its slot in that second (listen-identity.ts).
        received
          .map((r) => playKey(r.play.track.id, Math.floor(r.play.played_at.getTime() / 1000) * 1000))
          .sort(),
        expected,
      );
      assert.ok(
        received.every((r) => r.key === account.id && r.play.source === 'history_import' && r.play.history),
      );
      const offline = received.filter((r) => r.play.history?.offline);
      assert.ok(offline.length > 0);
      // offline_timestamp written as 0 becomes null; written in seconds or ms it is the same instant.
      const stamps = offline.map((r) => r.play.history?.offline_timestamp ?? null);
      assert.ok(stamps.some((t) => t === null));
      assert.ok(stamps.every((t) => t === null || t.getTime() > Date.UTC(2026, 0, 1)));
      assert.ok(received.some((r) => r.resolution === 'local' && r.play.track.is_local));
    } finally {
      await sim.stop();
    }
  });

  it('resumes after an interruption: every play at least once, the second run accounts for the rest', async () => {
    const generated = await generateExport({
      seed: 99,
      plays: 3_000,
      years: 1,
      out: join(dir.path, 'gen', 'my_spotify_data.zip'),
      entriesPerFile: 1_000,
    });
    const topic = await rawTopic('resume');
    const common = {
      paths: [generated.out],
      account: TEST_ACCOUNT,
      kafka,
      topic,
      batchSize: 200,
      stateDir: join(dir.path, 'state-resume'),
      logger: quietLogger,
    };
    const controller = new AbortController();
    const first = await runImport({
      ...common,
      signal: controller.signal,
      onBatchAcknowledged: ({ batches }) => {
        if (batches === 3) controller.abort();
      },
    });
    assert.equal(first.interrupted, true);
    assert.ok(first.counts.published > 0 && first.counts.published < generated.expected.publishable);

    const second = await runImport(common);
    assert.equal(second.interrupted, false);
    assert.ok(second.resumedEntries > 0);
    assert.equal(first.counts.published + second.counts.published, generated.expected.publishable);
    assert.equal(first.counts.read + second.counts.read, generated.expected.entries);
    assert.equal(second.total.published, generated.expected.publishable);
    assert.deepEqual(
      {
        'podcast-episode': second.total.skipped['podcast-episode'],
        audiobook: second.total.skipped.audiobook,
        video: second.total.skipped.video,
        'under-minimum-play-time': second.total.skipped['under-minimum-play-time'],
      },
      generated.expected.skipped,
    );

    const received = await readTopic(kafka, topic, generated.expected.publishable);
    const distinct = new Set(received.map((r) => playKey(r.play.track.id, r.play.played_at.getTime())));
    assert.equal(distinct.size, generated.expected.publishable);

    // A third run finds everything done and publishes nothing.
    const third = await runImport(common);
    assert.equal(third.counts.published, 0);
    assert.equal(third.resumedEntries, generated.expected.entries);
  });
});
