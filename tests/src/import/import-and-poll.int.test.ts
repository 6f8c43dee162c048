import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runImport } from '@spotify-pipeline/importer';
import { Closer, createLogger } from '@spotify-pipeline/runtime';
import { simCatalogue, type TruthPlay, writeExportFromTruth } from '@spotify-pipeline/spotify-sim';
import { PipelineWorld } from '../support/pipeline-world.ts';
import { pollForAWhile } from './poll-for-a-while.ts';
import { SIM_OPTIONS, type SimListening, simListening } from './sim-listening.ts';

const LOAD_TIMEOUT_MS = 120_000;

interface FactRow {
  ms: string;
  track_id: string;
  source: string;
  ms_played: string | null;
  history_ms: string | null;
}

/** Every fact of the world, in key order, without loaded_at: equal lists mean equal warehouses. */
async function facts(world: PipelineWorld): Promise<FactRow[]> {
  return world.warehouse.query<FactRow>(
    `SELECT (extract(epoch FROM played_at) * 1000)::bigint::text AS ms, track_id, source, ms_played::text,
            (extract(epoch FROM history_played_at) * 1000)::bigint::text AS history_ms,
            date_key, time_key, album_id, primary_artist_id, context_type, reason_start, reason_end, shuffle, skipped, offline
     FROM "${world.schema}".fact_play ORDER BY account_id, played_at`,
  );
}

describe('imported and polled plays of the simulator: one listen, one row', () => {
  let listening: SimListening;
  let dir: string;
  let exportPath: string;

  before(async () => {
    listening = await simListening();
    dir = await mkdtemp(join(tmpdir(), 'import-listen-'));
    exportPath = join(dir, 'export');
    await writeExportFromTruth({
      truth: listening.truth,
      catalogue: simCatalogue(SIM_OPTIONS),
      country: listening.account.country ?? 'SE',
      out: exportPath,
      layout: 'folder',
      formats: ['extended'],
      removedTrackShare: 0,
    });
  });
  after(async () => {
    await listening?.sim.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function importExport(world: PipelineWorld, extra: Partial<Parameters<typeof runImport>[0]> = {}) {
    return runImport({
      paths: [exportPath],
      account: { ...listening.account, display_name: null, country: null },
      kafka: world.kafka.kafka,
      topic: world.topics.rawPlays.name,
      logger: world.logger,
      stateDir: join(dir, `state-${world.schema}`),
      batchSize: 50,
      ...extra,
    });
  }

  /** The facts hold each true play (>= 30 s) once, at its true (polled) time where it was polled. */
  function assertTruth(
    rows: readonly FactRow[],
    expected: readonly TruthPlay[] = listening.expected,
    polledAt: ReadonlySet<number> = new Set(listening.polled.map((p) => p.played_at.getTime())),
  ): void {
    assert.equal(rows.length, expected.length, 'one row per true play heard >= 30 s');
    for (const [i, truth] of expected.entries()) {
      const row = rows[i]!;
      const truthMs = truth.playedAt.getTime();
      const second = Math.floor(truthMs / 1000) * 1000;
      // An imported listen's key is the export's second plus its slot in it (listen-identity.ts).
      const rowMs = Number(row.ms);
      if (polledAt.has(truthMs)) assert.equal(rowMs, truthMs, `polled play ${i} keeps its played_at`);
      else
        assert.equal(Math.floor(rowMs / 1000) * 1000, second, `play ${i} at ${truth.playedAt.toISOString()}`);
      assert.equal(row.track_id, truth.trackId);
      assert.equal(Number(row.ms_played), truth.msPlayed, 'the export fields reached the row');
      assert.equal(Math.floor(Number(row.history_ms) / 1000) * 1000, second);
      if (!polledAt.has(truthMs))
        assert.equal(row.history_ms, row.ms, 'an imported row is keyed by its export time');
      assert.equal(row.source, polledAt.has(truthMs) ? 'api' : 'history_import');
    }
  }

  it('an account polled for a while by the real poller, its export (covering the polled stretch) imported, re-split and imported again: one row per listen, polled played_at kept; importing first gives the same warehouse', {
    timeout: 600_000,
  }, async (t) => {
    const closer = new Closer(createLogger('import-and-poll-cleanup', 'warn'));
    t.after(() => closer.close());
    const pollFirst = await PipelineWorld.create('imp_poll_first');
    closer.add('pipeline world', () => pollFirst.close());
    await pollFirst.startNormalizer();
    await pollFirst.startSink();
    // 6 simulated hours in 20-minute steps after the 30 hours of history before the link.
    const stretch = await pollForAWhile(pollFirst, closer, { steps: 18, stepMs: 20 * 60_000 });
    await pollFirst.waitUntilLoaded({ timeoutMs: LOAD_TIMEOUT_MS });
    const polledDuring = stretch.expected.filter(
      (p) =>
        p.playedAt.getTime() > Date.parse('2024-05-01T00:00:00Z') &&
        stretch.shownMs.has(p.playedAt.getTime()),
    );
    assert.ok(polledDuring.length >= 20, `the poller saw the stretch (${polledDuring.length} plays)`);
    assert.equal(
      await pollFirst.inspect.count('fact_play'),
      stretch.expected.filter((p) => stretch.shownMs.has(p.playedAt.getTime())).length,
      'every polled play is loaded once',
    );

    const dir = await mkdtemp(join(tmpdir(), 'import-polled-'));
    closer.add('export folder', () => rm(dir, { recursive: true, force: true }));
    const writeExport = (out: string, split: { fileStarts?: number[]; fileNumbers?: number[] } = {}) =>
      writeExportFromTruth({
        truth: stretch.truth,
        catalogue: simCatalogue(SIM_OPTIONS),
        country: stretch.account.country ?? 'SE',
        out,
        layout: 'folder',
        formats: ['extended'],
        removedTrackShare: 0,
        ...split,
      });
    await writeExport(join(dir, 'export'));
    // The same history as a later export splits it: other file boundaries, other file names.
    await writeExport(join(dir, 'export-resplit'), {
      fileStarts: [1, 7, 8, 20, 33, 61],
      fileNumbers: [5, 3, 0, 6, 4, 1, 2],
    });
    const importInto = (
      world: PipelineWorld,
      path: string,
      extra: Partial<Parameters<typeof runImport>[0]> = {},
    ) =>
      runImport({
        paths: [join(dir, path)],
        account: { ...stretch.account, display_name: null, country: null },
        kafka: world.kafka.kafka,
        topic: world.topics.rawPlays.name,
        logger: world.logger,
        stateDir: join(dir, `state-${world.schema}`),
        batchSize: 50,
        ...extra,
      });

    await importInto(pollFirst, 'export');
    await pollFirst.waitUntilLoaded({ timeoutMs: LOAD_TIMEOUT_MS });
    const afterPollFirst = await facts(pollFirst);
    assertTruth(afterPollFirst, stretch.expected, stretch.shownMs);

    await importInto(pollFirst, 'export', { fresh: true });
    await pollFirst.waitUntilLoaded({ timeoutMs: LOAD_TIMEOUT_MS });
    assert.deepEqual(await facts(pollFirst), afterPollFirst, 're-importing changes nothing');

    await importInto(pollFirst, 'export-resplit');
    await pollFirst.waitUntilLoaded({ timeoutMs: LOAD_TIMEOUT_MS });
    assert.deepEqual(await facts(pollFirst), afterPollFirst, 'a re-split export changes nothing');

    // The other order: the export first, then what the poller published (its raw plays as they are).
    const importFirst = await PipelineWorld.create('imp_import_first');
    closer.add('second world', () => importFirst.close());
    await importFirst.startNormalizer();
    await importFirst.startSink();
    await importInto(importFirst, 'export-resplit');
    await importFirst.waitUntilLoaded({ timeoutMs: LOAD_TIMEOUT_MS });
    await importFirst.produceRawPlays(stretch.published);
    await importFirst.waitUntilLoaded({ timeoutMs: LOAD_TIMEOUT_MS });
    assert.deepEqual(
      await facts(importFirst),
      afterPollFirst,
      'the order of import and polling does not matter',
    );
    t.diagnostic(
      `${stretch.expected.length} true plays, ${stretch.shownMs.size} polled (${polledDuring.length} during the stretch), ${stretch.published.length} published by the poller`,
    );
  });

  it('an import interrupted midway and restarted ends identical to an uninterrupted one', async (t) => {
    const world = await PipelineWorld.create('imp_interrupted');
    t.after(() => world.close());
    await world.startNormalizer();
    await world.startSink();
    await world.produceRawPlays(listening.polled);
    const stop = new AbortController();
    const first = await importExport(world, {
      signal: stop.signal,
      onBatchAcknowledged: ({ batches }) => {
        if (batches === 2) stop.abort();
      },
    });
    assert.equal(first.interrupted, true);
    await importExport(world);
    await world.waitUntilLoaded({ timeoutMs: LOAD_TIMEOUT_MS });
    assertTruth(await facts(world));
  });
});
