import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BenchUsageError, FULL_SIZES, loadBenchOptions, QUICK_SIZES } from './config.ts';

test('defaults are the full run: a million facts, 100k raw plays', () => {
  const options = loadBenchOptions([], {});
  assert.deepEqual(options.sizes, FULL_SIZES);
  assert.equal(options.quick, false);
  assert.deepEqual(options.sinkEnv, {});
});

test('--quick is a smoke run of about 20k', () => {
  assert.deepEqual(loadBenchOptions(['--quick'], {}).sizes, QUICK_SIZES);
});

test('flags win over the environment, which wins over the mode', () => {
  const options = loadBenchOptions(['--quick', '--facts=1234'], { BENCH_FACTS: '999', BENCH_RAW: '77' });
  assert.equal(options.sizes.facts, 1234);
  assert.equal(options.sizes.raw, 77);
  assert.equal(options.sizes.rowByRow, QUICK_SIZES.rowByRow);
  assert.equal(loadBenchOptions(['--raw', '5'], {}).sizes.raw, 5);
});

test('BENCH_SINK_ENV becomes sink variables', () => {
  const options = loadBenchOptions([], { BENCH_SINK_ENV: 'SINK_BATCH_LINGER_MS=0,SINK_BATCH_SIZE=50000' });
  assert.deepEqual(options.sinkEnv, { SINK_BATCH_LINGER_MS: '0', SINK_BATCH_SIZE: '50000' });
  assert.throws(() => loadBenchOptions([], { BENCH_SINK_ENV: 'DATABASE_URL=x' }), /BENCH_SINK_ENV/);
});

test('bad flags are refused with what was wrong', () => {
  assert.throws(() => loadBenchOptions(['--facts', 'many'], {}), BenchUsageError);
  assert.throws(() => loadBenchOptions(['--facts'], {}), /--facts needs a whole number >= 1, got nothing/);
  assert.throws(() => loadBenchOptions(['--fast'], {}), /unknown argument --fast/);
  assert.throws(() => loadBenchOptions([], { BENCH_FACTS: '0' }), /BENCH_FACTS/);
});
