import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NonRetriableError, RetriableError } from './errors/index.ts';
import { backoffDelay, retry } from './retry.ts';

describe('retry', () => {
  it('retries retriable errors until success', async () => {
    let calls = 0;
    const result = await retry(
      async () => {
        calls += 1;
        if (calls < 3) throw new RetriableError('busy');
        return 'done';
      },
      { initialDelayMs: 1 },
    );
    assert.equal(result, 'done');
    assert.equal(calls, 3);
  });

  it('does not retry what is not retriable, and keeps the cause', async () => {
    let calls = 0;
    const cause = new Error('root');
    await assert.rejects(
      retry(async () => {
        calls += 1;
        throw new NonRetriableError('bad input', { cause });
      }),
      (e: unknown) => e instanceof NonRetriableError && e.cause === cause,
    );
    assert.equal(calls, 1);
  });

  it('gives up after the configured attempts with the last error', async () => {
    let calls = 0;
    await assert.rejects(
      retry(
        async (attempt) => {
          calls += 1;
          throw new RetriableError(`attempt ${attempt}`);
        },
        { attempts: 4, initialDelayMs: 1 },
      ),
      /attempt 4/,
    );
    assert.equal(calls, 4);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = retry(
      async () => {
        throw new RetriableError('down');
      },
      { attempts: Number.POSITIVE_INFINITY, initialDelayMs: 10_000, signal: controller.signal },
    );
    controller.abort();
    await assert.rejects(pending);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially within [bound/2, bound] and is capped', () => {
    const low = () => 0;
    const high = () => 1;
    assert.equal(backoffDelay(1, { initialDelayMs: 100, random: high }), 100);
    assert.equal(backoffDelay(1, { initialDelayMs: 100, random: low }), 50);
    assert.equal(backoffDelay(4, { initialDelayMs: 100, random: high }), 800);
    assert.equal(backoffDelay(30, { initialDelayMs: 100, maxDelayMs: 5_000, random: high }), 5_000);
  });
});
