import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuSpent, readCpuAccounts } from './cpu-accounts.ts';

test('CPU spent between two readings: per account, and the machine in cores busy on average', () => {
  const spent = cpuSpent(
    { self: 1, postgres: 10, broker: 5, machine: 100 },
    { self: 3.5, postgres: 16, broker: 5.25, machine: 130 },
    20,
  );
  assert.equal(spent['CPU: this process'], '2.50 s');
  assert.equal(spent['CPU: PostgreSQL'], '6.00 s');
  assert.equal(spent['CPU: Kafka broker'], '0.25 s');
  assert.match(spent['CPU: whole machine, cores busy on average'] ?? '', /^1\.50 of \d+$/);
});

test('figures a platform cannot give are n/a, not zero', () => {
  const none = { self: 0, postgres: null, broker: null, machine: null };
  const spent = cpuSpent(none, { ...none, self: 1 }, 10);
  assert.equal(spent['CPU: PostgreSQL'], 'n/a');
  assert.equal(spent['CPU: whole machine, cores busy on average'], 'n/a');
});

test('on Linux the readings grow with work done, this process included', {
  skip: process.platform !== 'linux',
}, () => {
  const before = readCpuAccounts();
  const until = Date.now() + 200;
  let spin = 0;
  while (Date.now() < until) spin += 1;
  const after = readCpuAccounts();
  assert.ok(spin > 0);
  assert.ok(after.self > before.self, `this process: ${before.self} -> ${after.self}`);
  assert.ok(after.machine !== null && before.machine !== null && after.machine > before.machine);
  assert.ok((after.postgres ?? 0) >= (before.postgres ?? 0));
});
