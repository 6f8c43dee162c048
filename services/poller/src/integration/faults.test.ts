import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitUntil } from '@spotify-pipeline/runtime';
import { countByPlay, waitForShown } from '../testing/harness.ts';
import { PollerFixture } from '../testing/poller-fixture.ts';
import { pollerMetric } from '../testing/poller-metric.ts';

describe('poller under Spotify faults (simulator, real Kafka and Redis)', () => {
  const fx = new PollerFixture();

  before(() =>
    fx.start({
      sim: { seed: 11, accounts: 3, playsPerHour: 120, offlineShare: 0.2, clock: { mode: 'manual' } },
      readRawPlays: true,
      linkEveryAccount: true,
    }),
  );
  after(() => fx.close());

  it('a 429 storm pauses the whole queue, delays, and loses nothing', async () => {
    const { sim, poller, accountIds: ids } = fx;
    const pausesBefore = await pollerMetric(poller, 'poller_rate_limit_pauses_total');
    sim.faults.rateLimit({ retryAfterSeconds: 1, forMs: 2_500 });
    sim.clock.advance(20 * 60_000);
    await waitUntil(
      async () => (await pollerMetric(poller, 'poller_rate_limit_pauses_total')) > pausesBefore,
      {
        what: 'a rate-limit pause',
        timeoutMs: 15_000,
        intervalMs: 50,
      },
    );
    const limited = await pollerMetric(poller, 'poller_spotify_responses_total', { status: '429' });
    assert.ok(limited > 0);
    // After the storm, every play shown is delivered once.
    for (let step = 0; step < 3; step += 1) await fx.advanceAndAwaitPolls(20 * 60_000, ids, 30_000);
    await waitForShown(sim, fx.plays, ids);
    assert.deepEqual(
      [...countByPlay(fx.plays).values()].filter((n) => n > 1),
      [],
    );
  });

  it('5xx errors are retried and lose nothing', async () => {
    const { sim, poller, accountIds: ids } = fx;
    sim.faults.serverErrors({ status: 503, count: 4 });
    await fx.advanceAndAwaitPolls(20 * 60_000, ids, 30_000);
    await fx.advanceAndAwaitPolls(20 * 60_000, ids, 30_000);
    await waitForShown(sim, fx.plays, ids);
    assert.ok((await pollerMetric(poller, 'poller_spotify_responses_total', { status: '503' })) > 0);
  });

  it('a revoked refresh token stops only that account and marks it needs-relink', async () => {
    const { sim, poller, tracker } = fx;
    const [revoked, ...others] = fx.accountIds as [string, ...string[]];
    sim.faults.revoke(revoked);
    // The cached access token would keep working until it expires; expire them all to force a refresh.
    sim.faults.expireAccessTokens();
    sim.clock.advance(20 * 60_000);
    await waitUntil(() => poller.context.state.account(revoked)?.status === 'needs-relink', {
      what: 'the revoked account marked needs-relink',
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    await waitUntil(async () => !(await poller.context.queue.getJobScheduler(revoked)), {
      what: 'the revoked account unscheduled',
      timeoutMs: 10_000,
      intervalMs: 50,
    });
    assert.ok((await pollerMetric(poller, 'poller_accounts_relink_needed_total')) >= 1);
    const polledBefore = tracker.polls.filter((p) => p.accountId === revoked).length;
    for (let step = 0; step < 3; step += 1) await fx.advanceAndAwaitPolls(20 * 60_000, others, 30_000);
    await waitForShown(sim, fx.plays, others);
    for (const account of others) assert.equal(poller.context.state.account(account)?.status, 'active');
    // The reconcile loop must not bring the revoked account back.
    assert.ok(tracker.polls.filter((p) => p.accountId === revoked).length <= polledBefore + 1);
    assert.ok((await pollerMetric(poller, 'poller_accounts', { status: 'needs-relink' })) === 1);
  });
});
