import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger, parsePromText } from '@spotify-pipeline/runtime';
import { envWith } from '@spotify-pipeline/test-support';
import { loadBenchOptions } from './config.ts';
import { Catalogue } from './data/catalogue.ts';
import { formatReport } from './report/format-table.ts';
import { runBench } from './run-bench.ts';

// The poller ladder (with a second instance), the pipeline run and the sink process at a tiny scale on the real
// broker, PostgreSQL and a redis-server of the bench's own, so that they cannot rot between real
// runs. It checks what they report, never how fast.
test('the poller and pipeline suites run, report their figures, and their checks pass', {
  timeout: 300_000,
}, async () => {
  const options = loadBenchOptions(
    [
      '--suites',
      'poller,pipeline',
      '--poller-accounts',
      '12',
      '--poller-speed',
      '120',
      '--poller-seconds',
      '3',
      '--pipeline-accounts',
      '12',
      '--facts',
      '600',
    ],
    { ...envWith(), BENCH_POLLER_SECOND_INSTANCE: '1' },
  );
  const report = await runBench(options, {
    logger: createLogger('bench-test', 'silent'),
    catalogue: new Catalogue({ artists: 30, albums: 40, tracks: 120, accounts: 9 }),
  });

  const ids = report.measurements.map((m) => m.id);
  assert.deepEqual(ids, [
    'poller.poller12',
    'poller.poller12x2',
    'poller.pipeline',
    'sink.process-first-load',
  ]);
  assert.equal(report.measurements.at(-1)?.rows, 600);
  for (const m of report.measurements) {
    assert.ok(m.rows > 0, `${m.id}: ${m.rows} polls`);
    assert.ok((m.peakRssBytes ?? 0) > 0, `${m.id}: peak RSS`);
  }
  assert.deepEqual(
    report.checks.filter((c) => !c.ok),
    [],
  );
  const runs = report.details?.poller as {
    services: Record<string, { peakRssBytes: number }>;
    latency?: { count: number; p50: number; p99: number };
    plays: { expected: number };
  }[];
  assert.deepEqual(Object.keys(runs[1]!.services).sort(), ['poller-1', 'poller-2']);
  const pipeline = runs[2]!;
  assert.deepEqual(Object.keys(pipeline.services).sort(), ['normalizer', 'poller', 'sink']);
  assert.ok(pipeline.plays.expected > 0, 'plays were listened to during the pipeline run');
  assert.ok((pipeline.latency?.count ?? 0) > 0, 'facts committed in the window were timed');
  assert.ok(pipeline.latency!.p50 <= pipeline.latency!.p99);
  const text = formatReport(report);
  assert.match(text, /poller \(one process per instance/);
  assert.match(text, /latency, poller received -> fact row committed/);
  assert.match(text, /load average/);
});

test('a /metrics page parses into samples a histogram quantile can be read from', async () => {
  const { bucketQuantile, histogramBuckets } = await import('./services/prom-histogram.ts');
  const samples = parsePromText(
    [
      '# HELP sink_play_latency_seconds x',
      'sink_play_latency_seconds_bucket{le="0.1",service="sink"} 10',
      'sink_play_latency_seconds_bucket{le="0.5",service="sink"} 90',
      'sink_play_latency_seconds_bucket{le="1",service="sink"} 100',
      'sink_play_latency_seconds_bucket{le="+Inf",service="sink"} 100',
      'sink_play_latency_seconds_count{service="sink"} 100',
    ].join('\n'),
  );
  const buckets = histogramBuckets(samples, 'sink_play_latency_seconds');
  assert.deepEqual(buckets.at(-1), [Number.POSITIVE_INFINITY, 100]);
  assert.equal(bucketQuantile(buckets, 0.5), 0.1 + (0.4 * 40) / 80);
  assert.equal(bucketQuantile(buckets, 0.99), 0.5 + (0.5 * 9) / 10);
  assert.ok(Number.isNaN(bucketQuantile([], 0.5)));
});
