import { codecs } from '@spotify-pipeline/avro';
import { ensureTopics, type Topics, topicsFor, waitUntil } from '@spotify-pipeline/runtime';
import { type CommittedBatch, loadSinkConfig, SINK_TABLES, startSink } from '@spotify-pipeline/sink';
import { PostgresWarehouse } from '@spotify-pipeline/warehouse';
import type { BenchWorld } from '../bench-world.ts';
import type { Catalogue } from '../data/catalogue.ts';
import { fingerprintSql, type PlayFactSeries } from '../data/play-fact-series.ts';
import { produceAll } from '../kafka/produce-all.ts';
import { partitionEnds } from '../kafka/topic-end.ts';
import { cpuSpent, readCpuAccounts } from '../measure/cpu-accounts.ts';
import { PgStatementTimer, statementProfile } from '../measure/pg-statement-timer.ts';
import { RssSampler } from '../measure/rss-sampler.ts';
import type { Check, Measurement } from '../report/results.ts';

export interface SinkSuiteResult {
  readonly measurements: Measurement[];
  readonly checks: Check[];
  readonly profile: Record<string, number | string>;
  /** The migrated warehouse schema holding fact_play, for the baselines to copy its shape. */
  readonly schema: string;
  readonly warehouse: PostgresWarehouse;
}

/** How long one sink run may take before the bench gives up on it. */
const SINK_RUN_TIMEOUT_MS = 15 * 60_000;

/**
 * Puts the catalogue and the facts on a fresh set of topics, then times one in-process sink from
 * `startSink` to the commit of the last fact's offset, first into an empty schema and then again
 * from a new group (a replay: every fact conflicts). Checks the loaded keys, to the millisecond.
 * The caller closes `warehouse` (after the baselines have used its schema).
 */
export async function runSinkSuite(
  world: BenchWorld,
  series: PlayFactSeries,
  /** Extra sink variables (e.g. SINK_BATCH_LINGER_MS) to try settings; empty for the defaults. */
  sinkEnv: Readonly<Record<string, string>> = {},
): Promise<SinkSuiteResult> {
  const measurements: Measurement[] = [];
  const checks: Check[] = [];
  const profile: Record<string, number | string> = {};
  const prefix = world.prefix('sink');
  const topics = topicsFor(prefix);
  const schema = world.schema('sink');
  const warehouse = new PostgresWarehouse({ connectionString: world.databaseUrl, schema });
  await warehouse.migrate();
  await ensureTopics(world.admin, [...SINK_TABLES.map((t) => topics[t.topicId]), topics.deadLetter]);

  const producing = performance.now();
  await produceCatalogue(world, topics, series.catalogue);
  await produceAll(world.producer, topics.plays.name, series.count, (i) => {
    const fact = series.at(i);
    return { key: fact.account_id, value: codecs.playFact.encode(fact) };
  });
  measurements.push({
    id: 'input.produce-facts',
    name: 'produce PlayFacts (input set-up, kafkajs acks -1)',
    rows: series.count,
    seconds: (performance.now() - producing) / 1000,
  });

  const expected = series.keyFingerprint();
  for (const [run, label] of [
    ['first-load', 'sink end to end, first load'],
    ['replay', 'sink end to end, replay (all conflicts)'],
  ] as const) {
    const timed = await timeSink(world, prefix, warehouse, `sink-${run}`, sinkEnv);
    measurements.push({
      id: `sink.${run}`,
      name: label,
      rows: series.count,
      seconds: timed.seconds,
      peakRssBytes: timed.peakRssBytes,
      compareWith: 'copy',
    });
    Object.assign(profile, prefixKeys(run, timed.profile));
    const [loaded] = await warehouse.query<{ rows: string; fingerprint: string }>(
      fingerprintSql(`"${schema}".fact_play`),
    );
    checks.push({
      name: `${run}: fact_play rows = facts produced`,
      ok: Number(loaded?.rows) === series.count,
      detail: `${loaded?.rows} rows, ${series.count} produced`,
    });
    checks.push({
      name: `${run}: every (account_id, played_at) key to the millisecond equals the produced one`,
      ok: loaded?.fingerprint === expected,
      detail: `md5 of all keys in key order: warehouse ${loaded?.fingerprint}, produced ${expected}`,
    });
  }
  const [dims] = await warehouse.query<{ tracks: number; inferred: number }>(
    `SELECT (SELECT count(*) FROM "${schema}".dim_track WHERE NOT is_inferred)::int AS tracks,
            ((SELECT count(*) FROM "${schema}".dim_track WHERE is_inferred) + (SELECT count(*) FROM "${schema}".dim_album WHERE is_inferred)
             + (SELECT count(*) FROM "${schema}".dim_artist WHERE is_inferred) + (SELECT count(*) FROM "${schema}".dim_account WHERE is_inferred))::int AS inferred`,
  );
  checks.push({
    name: 'dimensions: every catalogue track described, no inferred member left',
    ok: dims?.tracks === series.catalogue.size.tracks && dims.inferred === 0,
    detail: `${dims?.tracks} tracks of ${series.catalogue.size.tracks}, ${dims?.inferred} inferred members`,
  });
  return { measurements, checks, profile, schema, warehouse };
}

export async function produceCatalogue(
  world: BenchWorld,
  topics: Topics,
  catalogue: Catalogue,
): Promise<void> {
  const { artists, albums, tracks, accounts } = catalogue;
  await produceAll(world.producer, topics.artists.name, artists.length, (i) => ({
    key: artists[i]!.artist_id,
    value: codecs.artist.encode(artists[i]!),
  }));
  await produceAll(world.producer, topics.albums.name, albums.length, (i) => ({
    key: albums[i]!.album_id,
    value: codecs.album.encode(albums[i]!),
  }));
  await produceAll(world.producer, topics.tracks.name, tracks.length, (i) => ({
    key: tracks[i]!.track_id,
    value: codecs.track.encode(tracks[i]!),
  }));
  await produceAll(world.producer, topics.accounts.name, accounts.length, (i) => ({
    key: accounts[i]!.account_id,
    value: codecs.account.encode(accounts[i]!),
  }));
}

interface TimedSink {
  seconds: number;
  peakRssBytes: number;
  profile: Record<string, number | string>;
}

/**
 * One sink in its own group, from `startSink` until every partition of every input topic has
 * its offset committed up to the end. The clock stops at the commit, not at `stop()`.
 */
async function timeSink(
  world: BenchWorld,
  prefix: string,
  warehouse: PostgresWarehouse,
  group: string,
  sinkEnv: Readonly<Record<string, string>>,
): Promise<TimedSink> {
  const topics = topicsFor(prefix);
  const targets = new Map<string, bigint>();
  for (const t of SINK_TABLES) {
    for (const [partition, end] of await partitionEnds(world.admin, topics[t.topicId].name)) {
      if (end > 0n) targets.set(`${topics[t.topicId].name}:${partition}`, end);
    }
  }
  const committed = new Map<string, bigint>();
  let done = false;
  let batches = 0;
  let writerMs = 0;
  let maxBatch = 0;
  let factRows = 0;
  let doneAt = 0;
  let cpuAtDone = readCpuAccounts();
  const onBatchCommitted = (batch: CommittedBatch): void => {
    batches += 1;
    writerMs += batch.durationMs;
    maxBatch = Math.max(maxBatch, batch.messages);
    factRows += batch.rows.fact_play ?? 0;
    for (const o of batch.offsets) committed.set(`${o.topic}:${o.partition}`, BigInt(o.offset));
    if (!done && [...targets].every(([id, end]) => (committed.get(id) ?? 0n) >= end)) {
      done = true;
      doneAt = performance.now();
      cpuAtDone = readCpuAccounts();
    }
  };
  const config = loadSinkConfig({
    KAFKA_BROKERS: world.brokers.join(','),
    DATABASE_URL: world.databaseUrl,
    WAREHOUSE_SCHEMA: warehouse.schema,
    TOPIC_PREFIX: prefix,
    SINK_GROUP_ID: world.groupId(group),
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
    ...sinkEnv,
  });
  const statements = new PgStatementTimer().install();
  const sampler = new RssSampler().start();
  const cpuAtStart = readCpuAccounts();
  const started = performance.now();
  let peakRssBytes: number;
  const handle = await startSink(config, { logger: world.logger, warehouse, onBatchCommitted });
  try {
    await waitUntil(() => done, {
      what: `the sink (${group}) to commit every input offset`,
      timeoutMs: SINK_RUN_TIMEOUT_MS,
      intervalMs: 50,
    });
  } finally {
    peakRssBytes = sampler.stop();
    statements.uninstall();
    await handle.stop();
  }
  const seconds = (doneAt - started) / 1000;
  return {
    seconds,
    peakRssBytes,
    profile: {
      'batches committed': batches,
      'largest batch (messages)': maxBatch,
      'fact rows handed to the warehouse': factRows,
      'seconds inside BatchWriter.write (warehouse + offset commit)': round(writerMs / 1000),
      'share of wall time inside BatchWriter.write': round(writerMs / 1000 / seconds),
      ...statementProfile(statements, writerMs),
      // The sink runs in this process: its CPU, the database's and the broker's, against the cores.
      ...cpuSpent(cpuAtStart, cpuAtDone, seconds),
    },
  };
}

function prefixKeys(run: string, values: Record<string, number | string>): Record<string, number | string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${run}: ${k}`, v]));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
