import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatChaosReport, runChaos } from './chaos-run.ts';

// A short run of `npm run chaos` with a fixed seed: the same faults in the same order every time.
test('a short chaos run (sinks, normalizer, poller killed; database connections cut; Redis killed) loses and duplicates nothing', {
  timeout: 600_000,
}, async (t) => {
  // 15 simulated minutes per tick: enough plays in 30 s, and still no outage long enough for a
  // play to leave the newest 50 unseen.
  const report = await runChaos({
    durationMs: 30_000,
    minFaults: 10,
    seed: 7,
    listeners: 10,
    cluster: false,
    simStepMs: 15 * 60_000,
  });
  for (const line of formatChaosReport(report)) t.diagnostic(line);
  assert.ok(report.plays >= 50, `plays the simulator made visible: ${report.plays}`);
  assert.ok(report.faults.length >= 6, `faults injected: ${report.faults.length}`);
  assert.ok(new Set(report.faults.map((f) => f.kind)).size >= 4, 'at least four kinds of fault');
  assert.equal(report.backlog, 0, 'the pipeline drained');
  assert.equal(report.lost, 0, 'lost');
  assert.equal(report.uncommitted, 0, 'served only to polls that never committed, then out of the last 50');
  assert.equal(report.unseen, 0, 'unseen (left the last 50 before a poll)');
  assert.equal(report.duplicated, 0, 'duplicated');
});
