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
