import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTopicsReport, topicsOk } from './topics-report.ts';

const outcome = {
  created: ['t.new'],
  existing: ['t.ok', 't.drift'],
  missing: [],
  drift: [{ topic: 't.drift', setting: 'partitions', declared: '6', actual: '3' }],
};

test('formatTopicsReport says what happened to each topic and how a drifted one differs', () => {
  const lines = formatTopicsReport(['t.new', 't.ok', 't.drift'], outcome).split('\n');
  assert.match(lines[2]!, /^t\.new\s+created$/);
  assert.match(lines[3]!, /^t\.ok\s+existing$/);
  assert.match(lines[4]!, /^t\.drift\s+drift\s+partitions: declared 6, actual 3$/);
});

test('topicsOk: --check fails on drift or a missing topic; creating does not', () => {
  assert.equal(topicsOk(outcome, true), false);
  assert.equal(topicsOk({ ...outcome, drift: [] }, true), true);
  assert.equal(topicsOk({ ...outcome, drift: [], missing: ['t.x'] }, true), false);
  assert.equal(topicsOk(outcome, false), true);
});
