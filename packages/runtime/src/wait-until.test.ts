import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeadlineExceededError } from './errors/deadline-exceeded-error.ts';
import { waitUntil } from './wait-until.ts';

test('waitUntil returns the first value that is not undefined or false', async () => {
  let calls = 0;
  const value = await waitUntil(() => (++calls === 3 ? 'ready' : false), {
    what: 'x',
    timeoutMs: 5_000,
    intervalMs: 1,
  });
  assert.equal(value, 'ready');
  assert.equal(calls, 3);
});

test('waitUntil fails with DeadlineExceededError keeping the last transient error', async () => {
  const refused = new Error('connection refused');
  const error = await waitUntil(
    () => {
      throw refused;
    },
    { what: 'broker ready', timeoutMs: 20, intervalMs: 1 },
  ).catch((e: unknown) => e);
  assert.ok(error instanceof DeadlineExceededError);
  assert.match(error.message, /broker ready did not happen within 20 ms/);
  assert.equal(error.cause, refused);
  assert.equal(error.retriable, true);
});

test('waitUntil rethrows an error that is not transient at once', async () => {
  let calls = 0;
  const fatal = new TypeError('bad');
  await assert.rejects(
    waitUntil(
      () => {
        calls += 1;
        throw fatal;
      },
      { what: 'x', timeoutMs: 5_000, isTransient: (e) => !(e instanceof TypeError) },
    ),
    fatal,
  );
  assert.equal(calls, 1);
});

test('waitUntil ends soon after its deadline even when a check never settles', {
  timeout: 10_000,
}, async () => {
  const error = await waitUntil(() => new Promise<boolean>(() => undefined), {
    what: 'a hung check',
    timeoutMs: 50,
    pendingGraceMs: 50,
  }).then(
    () => assert.fail('resolved'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DeadlineExceededError, String(error));
  assert.match(error.message, /a hung check did not happen within 50 ms/);
  assert.match(String((error.cause as Error | undefined)?.message), /still pending/);
});

test('waitUntil still takes the answer of a check that ends a little after the deadline', async () => {
  const value = await waitUntil(
    () => new Promise<string>((resolve) => setTimeout(() => resolve('late'), 80)),
    {
      what: 'a slow check',
      timeoutMs: 20,
    },
  );
  assert.equal(value, 'late');
});

test('waitUntil with a timeout beyond the range of a timer still waits for its check', async () => {
  const twoYears = 2 * 365 * 24 * 3_600_000;
  const value = await waitUntil(
    () => new Promise<string>((resolve) => setTimeout(() => resolve('done'), 30)),
    {
      what: 'an endless wait',
      timeoutMs: twoYears,
    },
  );
  assert.equal(value, 'done');
});
