import { finished } from 'node:stream/promises';
import copyStreams from 'pg-copy-streams';
import type { BenchWorld } from '../bench-world.ts';
import { copyLine, FACT_COLUMNS, factRow, multiRowInsert } from '../data/fact-rows.ts';
import { fingerprintSql, type PlayFactSeries } from '../data/play-fact-series.ts';
import { cpuSpent, readCpuAccounts } from '../measure/cpu-accounts.ts';
import { RssSampler } from '../measure/rss-sampler.ts';
import { type Check, COPY_ID, type Measurement } from '../report/results.ts';

const { from: copyFrom } = copyStreams;

const INSERT_BATCH_ROWS = 1_000;
const COPY_CHUNK_ROWS = 10_000;

export interface BaselineSuiteResult {
  readonly measurements: Measurement[];
  readonly checks: Check[];
  /** The COPY's CPU (this process, PostgreSQL): what the sink's own CPU is compared with. */
  readonly profile: Record<string, string>;
}

/**
 * The same facts the sink loaded, through the same driver (pg) into empty copies of fact_play
 * (`LIKE ... INCLUDING ALL`: same key, indexes, defaults), three ways. Rows are rendered before
 * each clock starts, so the baselines time the driver and the database only: the sink, whose
 * clock includes decoding, is compared with the best each method can do.
 */
export async function runBaselineSuite(
  world: BenchWorld,
  schema: string,
  series: PlayFactSeries,
  rowByRowRows: number,
): Promise<BaselineSuiteResult> {
  const measurements: Measurement[] = [];
  const checks: Check[] = [];
  let profile: Record<string, string> = {};
  const table = async (name: string): Promise<string> => {
    const qualified = `"${schema}".${name}`;
    await world.pool.query(`CREATE TABLE ${qualified} (LIKE "${schema}".fact_play INCLUDING ALL)`);
    return qualified;
  };

  // (a) COPY: the physical limit.
  const copyTable = await table('bench_copy');
  const chunks: Buffer[] = [];
  for (let from = 0; from < series.count; from += COPY_CHUNK_ROWS) {
    let text = '';
    for (let i = from; i < Math.min(series.count, from + COPY_CHUNK_ROWS); i += 1)
      text += copyLine(factRow(series.at(i)));
    chunks.push(Buffer.from(text));
  }
  {
    const client = await world.pool.connect();
    const sampler = new RssSampler().start();
    try {
      const cpuAtStart = readCpuAccounts();
      const started = performance.now();
      const stream = client.query(copyFrom(`COPY ${copyTable} (${FACT_COLUMNS.join(', ')}) FROM STDIN`));
      for (const chunk of chunks) {
        if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
      }
      stream.end();
      await finished(stream);
      const seconds = (performance.now() - started) / 1000;
      profile = Object.fromEntries(
        Object.entries(cpuSpent(cpuAtStart, readCpuAccounts(), seconds)).map(([k, v]) => [`COPY: ${k}`, v]),
      );
      measurements.push({
        id: COPY_ID,
        name: 'baseline: COPY into an empty fact_play copy',
        rows: series.count,
        seconds,
        peakRssBytes: sampler.stop(),
        compareWith: 'copy',
      });
    } finally {
      sampler.stop();
      client.release();
    }
  }
  chunks.length = 0;
  checks.push(await sameKeys(world, copyTable, series, 'COPY baseline'));

  // (b) one multi-row INSERT ... ON CONFLICT DO NOTHING per 1,000 rows, each its own transaction.
  const insertTable = await table('bench_insert');
  {
    const sql = multiRowInsert(insertTable, INSERT_BATCH_ROWS);
    const client = await world.pool.connect();
    let busyMs = 0;
    try {
      for (let from = 0; from < series.count; from += INSERT_BATCH_ROWS) {
        const to = Math.min(series.count, from + INSERT_BATCH_ROWS);
        const values: unknown[] = [];
        for (let i = from; i < to; i += 1) values.push(...factRow(series.at(i)));
        const text = to - from === INSERT_BATCH_ROWS ? sql : multiRowInsert(insertTable, to - from);
        const started = performance.now();
        await client.query(text, values);
        busyMs += performance.now() - started;
      }
    } finally {
      client.release();
    }
    measurements.push({
      id: 'baseline.insert-1000',
      name: 'baseline: INSERT ON CONFLICT, 1,000 rows a statement',
      rows: series.count,
      seconds: busyMs / 1000,
      compareWith: 'copy',
    });
  }
  checks.push(await sameKeys(world, insertTable, series, 'INSERT baseline'));

  // (c) one statement per row, on a prefix only: at ~3.5k rows/s a million would take minutes.
  const rowTable = await table('bench_row');
  {
    const rows = Math.min(rowByRowRows, series.count);
    const sql = multiRowInsert(rowTable, 1);
    const client = await world.pool.connect();
    let busyMs = 0;
    try {
      for (let i = 0; i < rows; i += 1) {
        const values = factRow(series.at(i));
        const started = performance.now();
        await client.query(sql, values);
        busyMs += performance.now() - started;
      }
    } finally {
      client.release();
    }
    measurements.push({
      id: 'baseline.row-by-row',
      name: 'baseline: INSERT one row a statement',
      rows,
      seconds: busyMs / 1000,
      compareWith: 'copy',
      note: `first ${rows.toLocaleString('en-US')} rows only`,
    });
  }
  return { measurements, checks, profile };
}

async function sameKeys(
  world: BenchWorld,
  table: string,
  series: PlayFactSeries,
  what: string,
): Promise<Check> {
  const { rows } = await world.pool.query<{ rows: string; fingerprint: string }>(fingerprintSql(table));
  const expected = series.keyFingerprint();
  return {
    name: `${what}: same rows and keys as produced`,
    ok: Number(rows[0]?.rows) === series.count && rows[0]?.fingerprint === expected,
    detail: `${rows[0]?.rows} rows, fingerprint ${rows[0]?.fingerprint === expected ? 'equal' : 'DIFFERENT'}`,
  };
}
