import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { codecs, type RawPlayAccount } from '@spotify-pipeline/avro';
import {
  checkAgainstTruth,
  importToEnd,
  killImportMidway,
  LISTEN_MATCH_TOLERANCE_MS,
  type LongListening,
  longListening,
  readFactRows,
  type WarehouseFingerprint,
  warehouseFingerprint,
  writeListeningExport,
} from '@spotify-pipeline/bench';
import { runImport } from '@spotify-pipeline/importer';
import { DLQ_HEADERS } from '@spotify-pipeline/runtime';
import { TEST_BROKERS } from '../support/kafka.ts';
import { PipelineWorld } from '../support/pipeline-world.ts';
import { readTopics } from '../support/topic-reader.ts';

/** The acceptance scenario at a test's size: the bench runs it with 300,000 plays. */
const TRUE_PLAYS = 20_000;
const LOAD_TIMEOUT_MS = 120_000;
const IMPORT_BATCH = 1_000;

/**
 * The distinct plays on the dead-letter topic, and why they are there. An import killed mid-batch
 * publishes the unacknowledged part of its last batch again when rerun (at least once), so one
 * local-file play may be dead-lettered twice: still one listen.
 */
async function deadLetters(world: PipelineWorld): Promise<{ plays: number; reasons: string[] }> {
  const topic = world.topics.deadLetter.name;
  const offsets = await world.kafka.admin.fetchTopicOffsets(topic);
  const total = offsets.reduce((sum, p) => sum + Number(p.high), 0);
  if (total === 0) return { plays: 0, reasons: [] };
  const messages = await readTopics(world.kafka.kafka, [topic], { atLeast: total, timeoutMs: 30_000 });
  const plays = new Set<string>();
  const reasons = new Set<string>();
  for (const { message } of messages) {
    reasons.add(message.headers?.[DLQ_HEADERS.reason]?.toString() ?? '(none)');
    const play = codecs.rawPlay.decode(message.value!);
    plays.add(`${play.account.id}|${play.played_at.toISOString()}|${play.track.uri}`);
  }
  return { plays: plays.size, reasons: [...reasons].sort() };
}

describe('history import acceptance: ten years of an account that was also polled', () => {
  let listening: LongListening;
  let importAccount: RawPlayAccount;
  let dir: string;
  let exportPath: string;

  before(async () => {
    listening = await longListening({ plays: TRUE_PLAYS, polledDays: 14 });
    importAccount = { ...listening.account, display_name: null, country: null };
    dir = await mkdtemp(join(tmpdir(), 'import-acceptance-'));
    exportPath = join(dir, 'my_spotify_data.zip');
    await writeListeningExport(listening, exportPath);
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The account's facts are the true plays heard >= 30 s, one row per listen, polled times kept. */
  async function assertTruth(world: PipelineWorld): Promise<void> {
    const rows = await readFactRows(world.warehouse, world.schema, listening.account.id);
    const result = checkAgainstTruth(listening.expected, rows, LISTEN_MATCH_TOLERANCE_MS);
    assert.deepEqual(result.problems, [], 'no play missing, extra, duplicated or with wrong fields');
    assert.equal(result.rows, listening.expected.length, 'one row per true play heard >= 30 s');
    assert.equal(result.matched, listening.expected.length, 'each true play matched to exactly one row');
    assert.equal(result.duplicateListens, 0, 'no listen has a second row');
    assert.equal(result.polledKept, listening.polled.length, 'every polled play kept its ms played_at');
    assert.equal(result.ok, true);
    // Local files have no Spotify id: dead-lettered as local-track, by design, and nothing else.
    const dead = await deadLetters(world);
    assert.equal(dead.plays, listening.localKept, 'the dead letters are the local files');
    assert.deepEqual(dead.reasons, listening.localKept > 0 ? ['local-track'] : []);
  }

  async function pollThen(label: string): Promise<PipelineWorld> {
    const world = await PipelineWorld.create(label);
    await world.startNormalizer();
    await world.startSink();
    await world.produceRawPlays(listening.polled);
    await world.waitUntilLoaded({ timeoutMs: LOAD_TIMEOUT_MS });
    assert.equal(
      await world.inspect.count('fact_play'),
      listening.polled.length,
      'the polled stretch is loaded',
    );
    return world;
  }

  it('imports into exactly the true plays; a SIGKILLed import command run again ends identical', async (t) => {
    assert.ok(listening.truth.length === TRUE_PLAYS, `${listening.truth.length} true plays`);
    const span = listening.truth.at(-1)!.playedAt.getTime() - listening.truth[0]!.playedAt.getTime();
    assert.ok(span > 9.9 * 365 * 86_400_000, 'the history spans ten years');
    assert.ok(listening.polled.length >= 500, `a polled stretch (${listening.polled.length} plays)`);

    const whole = await pollThen('acc_whole');
    t.after(() => whole.close());
    const summary = await runImport({
      paths: [exportPath],
      account: importAccount,
      kafka: whole.kafka.kafka,
      topic: whole.topics.rawPlays.name,
      stateDir: join(dir, 'state-whole'),
      batchSize: IMPORT_BATCH,
      logger: whole.logger,
    });
    assert.equal(summary.interrupted, false);
    await whole.waitUntilLoaded({ timeoutMs: LOAD_TIMEOUT_MS });
    await assertTruth(whole);
    const reference: WarehouseFingerprint = await warehouseFingerprint(whole.warehouse, whole.schema);

    const killed = await pollThen('acc_killed');
    t.after(() => killed.close());
    const cli = {
      paths: [exportPath],
      accountId: importAccount.id,
      timeZone: importAccount.time_zone,
      env: {
        KAFKA_BROKERS: TEST_BROKERS.join(','),
        TOPIC_PREFIX: killed.kafka.prefix,
        IMPORT_STATE_DIR: join(dir, 'state-killed'),
        IMPORT_BATCH_SIZE: String(IMPORT_BATCH),
        LOG_LEVEL: 'warn',
      },
    };
    // Aim at no more than 3/4 of the plays: the kill lands a little after the aim (the topic is polled).
    const aim = randomInt(1, Math.floor(summary.counts.published * 0.75));
    const kill = await killImportMidway({
      ...cli,
      admin: killed.kafka.admin,
      topic: killed.topics.rawPlays.name,
      killAfterMessages: aim,
      timeoutMs: LOAD_TIMEOUT_MS,
    });
    assert.equal(kill.killed, true, `the command was SIGKILLed (it exited ${kill.exit.code})`);
    assert.equal(kill.exit.signal, 'SIGKILL');
    const rerun = await importToEnd({ ...cli, timeoutMs: LOAD_TIMEOUT_MS });
    assert.equal(rerun.code, 0);
    await killed.waitUntilLoaded({ timeoutMs: LOAD_TIMEOUT_MS });
    await assertTruth(killed);
    assert.deepEqual(
      await warehouseFingerprint(killed.warehouse, killed.schema),
      reference,
      'every table (but its write times) equals the uninterrupted import',
    );
    t.diagnostic(
      `${listening.expected.length} true plays kept of ${listening.truth.length}, ${listening.polled.length} polled, ` +
        `${listening.localKept} local files; killed after ${kill.publishedBeforeKill} of ${summary.counts.published} published (aimed at ${aim})`,
    );
  });
});
