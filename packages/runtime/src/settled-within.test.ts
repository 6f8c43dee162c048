import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STILL_PENDING, settledWithin } from './settled-within.ts';

test('settledWithin gives the value, the error (thrown at once or later), or STILL_PENDING', async () => {
  assert.deepEqual(await settledWithin(async () => 'v', 1_000), { ok: true, value: 'v' });
  const boom = new Error('boom');
  assert.deepEqual(
    await settledWithin(() => {
      throw boom;
    }, 1_000),
    { ok: false, error: boom },
  );
  assert.deepEqual(await settledWithin(() => Promise.reject(boom), 1_000), { ok: false, error: boom });
  assert.equal(await settledWithin(() => new Promise(() => undefined), 20), STILL_PENDING);
});

test('settledWithin with a bound beyond a timer range waits for the work', async () => {
  const twoYears = 2 * 365 * 24 * 3_600_000;
  const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve('done'), 30));
  assert.deepEqual(await settledWithin(slow, twoYears), { ok: true, value: 'done' });
});
