import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '@spotify-pipeline/runtime';
import { envWith } from '@spotify-pipeline/test-support';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { loadBenchOptions } from './config.ts';
import { Catalogue } from './data/catalogue.ts';
import { formatReport } from './report/format-table.ts';
import { runBench } from './run-bench.ts';

// The whole harness with tiny sizes on the real broker and PostgreSQL, so it cannot rot between
// the (long) real runs. It checks what the run reports and that it leaves nothing behind; speed
// is never asserted here.
test('the harness runs every suite, its checks pass, and it cleans up after itself', {
  timeout: 240_000,
}, async () => {
  const options = loadBenchOptions(['--facts', '600', '--raw', '300', '--import', '400'], {
    ...envWith(),
    BENCH_ROW_BY_ROW: '50',
    BENCH_SPLIT_ROWS: '600',
    // The poller and pipeline suites have their own test (poller-suite.test.ts).
    BENCH_SUITES: 'sink,normalizer,importer',
  });
  const progress: string[] = [];
  const report = await runBench(options, {
    logger: createLogger('bench-test', 'silent'),
    catalogue: new Catalogue({ artists: 30, albums: 40, tracks: 120, accounts: 9 }),
    progress: (line) => progress.push(line),
  });

  const byId = new Map(report.measurements.map((m) => [m.id, m]));
  for (const id of [
    'sink.first-load',
    'sink.replay',
    'baseline.copy',
    'baseline.insert-1000',
    'baseline.row-by-row',
    'phase.decode',
    'phase.write-batch.first-load',
    'normalizer.pass-through',
    'normalizer.end-to-end',
    'import.parse',
    'import.publish',
    'import.end-to-end',
  ]) {
    const m = byId.get(id);
    assert.ok(m, `measurement ${id}`);
    assert.ok(m.rows > 0 && m.seconds > 0, `${id}: ${m.rows} rows in ${m.seconds} s`);
  }
  assert.equal(byId.get('sink.first-load')?.rows, 600);
  assert.equal(byId.get('baseline.row-by-row')?.rows, 50);
  assert.equal(byId.get('normalizer.end-to-end')?.rows, 300);
  // 400 true plays; the export adds podcast episodes between them.
  assert.ok((byId.get('import.parse')?.rows ?? 0) >= 400);
  const failed = report.checks.filter((c) => !c.ok);
  assert.deepEqual(failed, []);
  assert.ok(report.checks.length >= 9);
  assert.match(formatReport(report), /vs COPY/);
  assert.equal(progress.at(-1), 'cleaning up topics and schemas');
  await assertNothingLeft(options.brokers, options.databaseUrl, `bench_${report.runId}`);
});

/** No topic or schema of the run may outlive it (other runs may be going on: only ours count). */
async function assertNothingLeft(
  brokers: readonly string[],
  databaseUrl: string,
  mine: string,
): Promise<void> {
  const kafka = new kafkajs.Kafka({ brokers: [...brokers], logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(mine));
    const { rows } = await client.query<{ nspname: string }>(
      'SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)',
      [mine.toLowerCase()],
    );
    assert.deepEqual({ topics, schemas: rows.map((r) => r.nspname) }, { topics: [], schemas: [] });
  } finally {
    await admin.disconnect();
    await client.end();
  }
}
