import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatReport, formatTable } from './format-table.ts';
import {
  type BenchReport,
  COPY_ID,
  type Measurement,
  PASS_THROUGH_ID,
  ratio,
  SINK_FIRST_LOAD_ID,
} from './results.ts';

const copy: Measurement = { id: COPY_ID, name: 'copy', rows: 1000, seconds: 1, compareWith: 'copy' };
const sink: Measurement = {
  id: SINK_FIRST_LOAD_ID,
  name: 'sink',
  rows: 1000,
  seconds: 4,
  compareWith: 'copy',
  peakRssBytes: 200 * 1_048_576,
};
const pass: Measurement = {
  id: PASS_THROUGH_ID,
  name: 'pass',
  rows: 500,
  seconds: 1,
  compareWith: 'pass-through',
};
const norm: Measurement = {
  id: 'normalizer.end-to-end',
  name: 'norm',
  rows: 500,
  seconds: 2,
  compareWith: 'pass-through',
};

test('ratios compare each rate with its own baseline', () => {
  const all = [copy, sink, pass, norm];
  assert.equal(ratio(sink, all), 0.25);
  assert.equal(ratio(norm, all), 0.5);
  assert.equal(ratio({ ...sink, compareWith: undefined }, all), undefined);
  assert.equal(ratio(sink, [sink]), undefined);
});

test('the table prints rows, seconds, rate, peak RSS and the ratio in its column', () => {
  const lines = formatTable([copy, sink, norm, pass]).split('\n');
  assert.match(
    lines[0]!,
    /^name\s+rows\s+seconds\s+rows\/s\s+peak RSS MB\s+vs COPY\s+vs pass-through\s+vs parse$/,
  );
  assert.match(lines[3]!, /^sink\s+1,000\s+4\.00\s+250\s+200\s+0\.25x\s*$/);
  assert.match(lines[4]!, /^norm\s+500\s+2\.00\s+250\s+0\.50x\s*$/);
});

test('the report says whether the sink reached a third of COPY and lists failed checks', () => {
  const report: BenchReport = {
    runId: 'r',
    startedAt: 'a',
    finishedAt: 'b',
    sizes: {},
    sinkEnv: {},
    environment: {},
    measurements: [copy, sink],
    checks: [{ name: 'rows', ok: false, detail: '1 of 2' }],
    profile: {},
    notes: ['import benchmark: not yet implemented (services/importer pending)'],
  };
  const text = formatReport(report);
  assert.match(text, /sink end to end \(first load\) is 0\.25 of COPY: target >= 0\.33 NOT MET/);
  assert.match(text, /FAIL rows: 1 of 2/);
  assert.match(text, /import benchmark: not yet implemented/);
});
