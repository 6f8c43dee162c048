import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAlive, isBrokerProcess, parseProcStat } from './process-info.ts';

test('parseProcStat reads state and start time even when the command name has spaces', () => {
  const stat = '6256 (java (x) y) S 1 6255 6255 0 -1 4194560 1 0 0 0 10 2 0 0 20 0 60 0 28609 4000 300 18';
  assert.deepEqual(parseProcStat(stat), { state: 'S', startTicks: 28609 });
});

test('isAlive is true for this process and false for a pid that cannot exist', async () => {
  assert.equal(await isAlive(process.pid), true);
  assert.equal(await isAlive(2 ** 22 + 1), false);
});

test('isBrokerProcess refuses a process that is not kafka.Kafka', async () => {
  assert.equal(await isBrokerProcess(process.pid, '/tmp/server.properties'), false);
});
