import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RawPlayAccount } from '@spotify-pipeline/avro';
import { openExport, readJsonArray, runImport } from '@spotify-pipeline/importer';
import type { BenchWorld } from '../bench-world.ts';
import { BenchImportLane } from '../history-import/bench-import-lane.ts';
import { importToEnd, killImportMidway } from '../history-import/kill-import-midway.ts';
import { readFactRows } from '../history-import/read-fact-rows.ts';
import {
  type LongListening,
  longListening,
  writeListeningExport,
} from '../history-import/ten-year-listening.ts';
import { checkAgainstTruth, LISTEN_MATCH_TOLERANCE_MS } from '../history-import/truth-check.ts';
import {
  fingerprintDifferences,
  type WarehouseFingerprint,
  warehouseFingerprint,
} from '../history-import/warehouse-fingerprint.ts';
import { topicEnd } from '../kafka/topic-end.ts';
import { RssSampler } from '../measure/rss-sampler.ts';
import { type Check, type Measurement, PARSE_ID } from '../report/results.ts';

const RUN_TIMEOUT_MS = 10 * 60_000;
/** The importer's default: plays per acknowledged batch (and per checkpoint). */
const IMPORT_BATCH = 1_000;

export interface ImporterSuiteResult {
  readonly measurements: Measurement[];
  readonly checks: Check[];
  readonly notes: string[];
}

/**
 * The history-import acceptance scenario. One simulated listener with ten years of plays (`plays`
 * true plays; the sim's truth), of which the last 14 days were already polled; the data export
 * Spotify would hand over for that truth; then:
 * 1. the plain parse of the export (the ceiling);
 * 2. the polled plays loaded, then the whole export imported through a running normalizer and sink,
 *    timed from the import's start until the sink has committed every fact; the account's facts
 *    must be exactly the true plays heard >= 30 s (local files are dead-lettered by design), one
 *    row per listen, polled played_at kept where a polled copy exists;
 * 3. the same import stopped by an AbortSignal after a random number of acknowledged batches and
 *    run again, and the import command (`node services/importer/src/cli.ts import`) SIGKILLed after
 *    a random number of published plays and run again: each warehouse must end identical (every
 *    table's content but its write times) to the uninterrupted one.
 */
export async function runImporterSuite(world: BenchWorld, plays: number): Promise<ImporterSuiteResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-import-'));
  try {
    let started = performance.now();
    const listening = await longListening({ plays });
    const exportPath = path.join(dir, 'my_spotify_data.zip');
    const written = await writeListeningExport(listening, exportPath);
    const generatedSeconds = (performance.now() - started) / 1000;
    const notes = [
      `importer scenario: ${listening.truth.length.toLocaleString('en-US')} true plays from ` +
        `${listening.truth[0]?.playedAt.toISOString().slice(0, 10)} to ${listening.truth.at(-1)?.playedAt.toISOString().slice(0, 10)} ` +
        `(${written.episodes.toLocaleString('en-US')} podcast episodes added to the export), ` +
        `${listening.polled.length.toLocaleString('en-US')} polled since ${listening.polledFrom.toISOString().slice(0, 10)}; ` +
        `truth and export generated in ${generatedSeconds.toFixed(1)} s`,
    ];
    const measurements: Measurement[] = [];
    const checks: Check[] = [];

    // The ceiling: open the zip and parse every history file's JSON array, doing nothing else.
    let entries = 0;
    started = performance.now();
    const opened = await openExport([exportPath]);
    try {
      for (const file of opened.files) for await (const _ of readJsonArray(await file.open())) entries += 1;
    } finally {
      opened.close();
    }
    measurements.push({
      id: PARSE_ID,
      name: 'baseline: plain parse of the export (zip + JSON)',
      rows: entries,
      seconds: (performance.now() - started) / 1000,
      compareWith: 'parse',
    });

    const importAccount: RawPlayAccount = { ...listening.account, display_name: null, country: null };
    let reference: WarehouseFingerprint;
    let published: number;
    const lane = await BenchImportLane.open(world, 'import');
    try {
      await lane.produceRawPlays(listening.polled);
      await lane.waitUntilLoaded(RUN_TIMEOUT_MS);
      const sampler = new RssSampler().start();
      started = performance.now();
      const summary = await runImport({
        paths: [exportPath],
        account: importAccount,
        kafka: world.kafka,
        topic: lane.topics.rawPlays.name,
        stateDir: path.join(dir, 'state-import'),
        batchSize: IMPORT_BATCH,
        logger: world.logger,
      });
      measurements.push({
        id: 'import.publish',
        name: 'importer alone: export to raw topic',
        rows: summary.counts.read,
        seconds: (performance.now() - started) / 1000,
        compareWith: 'parse',
        note: `${summary.counts.published.toLocaleString('en-US')} published`,
      });
      await lane.waitUntilLoaded(RUN_TIMEOUT_MS);
      const seconds = (performance.now() - started) / 1000;
      const peakRssBytes = sampler.stop();
      published = summary.counts.published;
      const rows = await readFactRows(lane.warehouse, lane.warehouse.schema, listening.account.id);
      measurements.push({
        id: 'import.end-to-end',
        name: 'import end to end: export to fact rows (14 days polled first)',
        rows: summary.counts.read,
        seconds,
        peakRssBytes,
        compareWith: 'parse',
        note: `${rows.length.toLocaleString('en-US')} fact rows`,
      });
      checks.push(...truthChecks(listening, rows));
      const dead = await topicEnd(world.admin, lane.topics.deadLetter.name);
      checks.push({
        name: 'import: local files are the dead letters (local-track, by design), nothing else is',
        ok: dead === listening.localKept,
        detail: `${dead} dead letters, ${listening.localKept} true local-file plays heard >= 30 s`,
      });
      reference = await warehouseFingerprint(lane.warehouse, lane.warehouse.schema);
    } finally {
      await lane.close();
    }

    // Stopped by its AbortSignal after a random number of acknowledged batches, then run again.
    // Smaller batches for a tiny export (the bench's own test), so there is a batch to stop after.
    const batchSize = Math.min(IMPORT_BATCH, Math.max(1, Math.floor(published / 8)));
    const batches = Math.max(1, Math.floor(published / batchSize));
    const abortAfter = randomInt(1, Math.max(2, batches));
    const aborted = await BenchImportLane.open(world, 'import_abort');
    try {
      await aborted.produceRawPlays(listening.polled);
      await aborted.waitUntilLoaded(RUN_TIMEOUT_MS);
      const stop = new AbortController();
      const options = {
        paths: [exportPath],
        account: importAccount,
        kafka: world.kafka,
        topic: aborted.topics.rawPlays.name,
        stateDir: path.join(dir, 'state-abort'),
        batchSize,
        logger: world.logger,
      };
      const first = await runImport({
        ...options,
        signal: stop.signal,
        onBatchAcknowledged: ({ batches: done }) => {
          if (done >= abortAfter) stop.abort();
        },
      });
      const second = await runImport(options);
      await aborted.waitUntilLoaded(RUN_TIMEOUT_MS);
      const differences = fingerprintDifferences(
        reference,
        await warehouseFingerprint(aborted.warehouse, aborted.warehouse.schema),
      );
      checks.push({
        name: 'import: stopped (AbortSignal) after a random batch and run again = the uninterrupted warehouse',
        ok: first.interrupted && !second.interrupted && differences.length === 0,
        detail:
          `aborted after ${abortAfter} of ~${batches} batches (${first.counts.published} published, interrupted: ${first.interrupted}), ` +
          `rerun published ${second.counts.published} (resumed past ${second.resumedEntries} entries); ` +
          (differences.length === 0 ? 'every table identical' : `differs: ${differences.join(', ')}`),
      });
    } finally {
      await aborted.close();
    }

    // The import command as a person runs it, SIGKILLed at a random point, then run again. The kill
    // lands a little after the aimed count (the topic is polled), so aim at no more than 3/4 of it.
    const killAfter = randomInt(1, Math.max(2, Math.floor(published * 0.75)));
    const killed = await BenchImportLane.open(world, 'import_kill');
    try {
      await killed.produceRawPlays(listening.polled);
      await killed.waitUntilLoaded(RUN_TIMEOUT_MS);
      const cli = {
        paths: [exportPath],
        accountId: importAccount.id,
        timeZone: importAccount.time_zone,
        env: {
          KAFKA_BROKERS: world.brokers.join(','),
          TOPIC_PREFIX: killed.prefix,
          IMPORT_STATE_DIR: path.join(dir, 'state-kill'),
          IMPORT_BATCH_SIZE: String(batchSize),
          LOG_LEVEL: 'warn',
        },
      };
      const kill = await killImportMidway({
        ...cli,
        admin: world.admin,
        topic: killed.topics.rawPlays.name,
        killAfterMessages: killAfter,
        timeoutMs: RUN_TIMEOUT_MS,
      });
      await importToEnd({ ...cli, timeoutMs: RUN_TIMEOUT_MS });
      await killed.waitUntilLoaded(RUN_TIMEOUT_MS);
      const raw = (await topicEnd(world.admin, killed.topics.rawPlays.name)) - listening.polled.length;
      const differences = fingerprintDifferences(
        reference,
        await warehouseFingerprint(killed.warehouse, killed.warehouse.schema),
      );
      checks.push({
        name: 'import: command SIGKILLed at a random point and run again = the uninterrupted warehouse',
        ok: kill.killed && differences.length === 0,
        detail:
          `killed: ${kill.killed} (${kill.exit.signal ?? `exit ${kill.exit.code}`}) after ${kill.publishedBeforeKill} of ${published} plays ` +
          `(aimed at ${killAfter}); ${raw - published} published twice across the kill; ` +
          (differences.length === 0 ? 'every table identical' : `differs: ${differences.join(', ')}`),
      });
    } finally {
      await killed.close();
    }
    return { measurements, checks, notes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The account's facts against the simulator's truth (see checkAgainstTruth). */
function truthChecks(listening: LongListening, rows: Parameters<typeof checkAgainstTruth>[1]): Check[] {
  const result = checkAgainstTruth(listening.expected, rows, LISTEN_MATCH_TOLERANCE_MS);
  const problems = result.problems.length === 0 ? '' : `; first problems: ${result.problems.join(' | ')}`;
  return [
    {
      name: "import: fact_play is exactly the simulator's true plays heard >= 30 s (no local files), one row each",
      ok: result.ok,
      detail:
        `${result.expected} true plays, ${result.rows} rows, ${result.matched} matched one to one, ` +
        `${result.missing} missing, ${result.extra} extra, ${result.wrongFields} with wrong fields${problems}`,
    },
    {
      name: 'import: no duplicate listens (polled and imported copies merged)',
      ok: result.duplicateListens === 0 && result.extra === 0,
      detail: `${result.duplicateListens} true plays with more rows of their track within ${LISTEN_MATCH_TOLERANCE_MS} ms than true plays there`,
    },
    {
      name: 'import: the polled played_at (ms) is kept where a polled copy exists',
      ok: result.polledKept === listening.polled.length,
      detail: `${result.polledKept} of ${listening.polled.length} polled plays kept their played_at, source api, with the export's fields`,
    },
  ];
}
