import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitUntil } from '@spotify-pipeline/runtime';
import { PollerFixture } from '../testing/poller-fixture.ts';

// The simulated clock stands still: after its first poll no account has a new play, so every poll
// doubles the interval (200 -> 400 -> 800 ms) and changes its job scheduler. A changed scheduler
// must next run one interval after the poll, not at once: an immediate job would only be skipped
// as too soon, a whole BullMQ job of Redis work for nothing (half of all jobs in the bench).
describe('poller: a changed interval starts from the poll, not at once (real Kafka and Redis)', () => {
  const fx = new PollerFixture();

  before(() =>
    fx.start({
      sim: { seed: 31, accounts: 3, clock: { mode: 'manual' } },
      env: { POLL_INTERVAL_ACTIVE_MS: '200', POLL_INTERVAL_IDLE_MS: '800' },
    }),
  );
  after(() => fx.close());

  it('runs no job that is skipped as too soon while intervals grow', async () => {
    await fx.link(fx.accountIds);
    const polls = fx.poller.context.metrics.polls;
    const count = async (outcome: string) =>
      (await polls.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
    // Each account: its first poll, then at least three without new plays (200, 400, 800 ms apart).
    await waitUntil(async () => (await count('no-new-plays')) >= 3 * 3, {
      what: 'three polls without new plays per account',
      timeoutMs: 90_000,
      intervalMs: 50,
    });
    assert.equal(await count('too-soon'), 0);
  });
});
