import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatChaosReport, runChaos } from './chaos-run.ts';

// A short run of `npm run chaos` with a fixed seed: the same faults in the same order every time.
test('a short chaos run (sinks, normalizer, poller killed; database connections cut; Redis killed) loses and duplicates nothing', {
  timeout: 600_000,
}, async (t) => {
  const report = await runChaos({ durationMs: 30_000, seed: 7, listeners: 10, cluster: false });
  for (const line of formatChaosReport(report)) t.diagnostic(line);
  assert.ok(report.plays >= 50, `plays the simulator made visible: ${report.plays}`);
  assert.ok(report.faults.length >= 6, `faults injected: ${report.faults.length}`);
  assert.ok(new Set(report.faults.map((f) => f.kind)).size >= 4, 'at least four kinds of fault');
  assert.equal(report.lost, 0, 'lost');
  assert.equal(report.duplicated, 0, 'duplicated');
});
