import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitUntil } from '@spotify-pipeline/runtime';
import { type SpotifySim, startSpotifySim } from '@spotify-pipeline/spotify-sim';
import type { PollerConfig } from '../config.ts';
import { type PollerHandle, startPoller } from '../start.ts';
import {
  cleanUp,
  countByPlay,
  linkDirect,
  PollTracker,
  readRawPlays,
  silentLogger,
  testConfig,
  uniqueId,
  waitForShown,
} from '../testing/harness.ts';

/** Sum of a metric's samples that carry every given label. */
async function metric(
  handle: PollerHandle,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(`${handle.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('poller under Spotify faults (simulator, real Kafka and Redis)', () => {
  let sim: SpotifySim;
  let config: PollerConfig;
  let poller: PollerHandle | undefined;
  let reader: Awaited<ReturnType<typeof readRawPlays>> | undefined;
  const id = uniqueId();
  const tracker = new PollTracker();
  let ids: string[] = [];

  before(async () => {
    sim = await startSpotifySim({
      seed: 11,
      accounts: 3,
      playsPerHour: 120,
      offlineShare: 0.2,
      clock: { mode: 'manual' },
    });
    config = testConfig(sim, id);
    poller = await startPoller(config, { logger: silentLogger(), onPoll: tracker.onPoll });
    reader = await readRawPlays(config, id);
    ids = sim.accounts().map((a) => a.id);
    for (const account of ids) await linkDirect(poller.context, sim, account);
    for (const account of ids) await tracker.pollAfter(account, 0);
  });

  after(async () => {
    await poller?.stop();
    await reader?.stop();
    await sim?.stop();
    await cleanUp(config);
  });

  it('a 429 storm pauses the whole queue, delays, and loses nothing', async () => {
    const pausesBefore = await metric(poller!, 'poller_rate_limit_pauses_total');
    sim.faults.rateLimit({ retryAfterSeconds: 1, forMs: 2_500 });
    sim.clock.advance(20 * 60_000);
    await waitUntil(async () => (await metric(poller!, 'poller_rate_limit_pauses_total')) > pausesBefore, {
      what: 'a rate-limit pause',
      timeoutMs: 15_000,
      intervalMs: 50,
    });
    const limited = await metric(poller!, 'poller_spotify_responses_total', { status: '429' });
    assert.ok(limited > 0);
    // After the storm, every play shown is delivered once.
    for (let step = 0; step < 3; step += 1) {
      sim.clock.advance(20 * 60_000);
      const mark = tracker.seq;
      for (const account of ids) await tracker.pollAfter(account, mark, 30_000);
    }
    await waitForShown(sim, reader!.plays, ids);
    assert.deepEqual(
      [...countByPlay(reader!.plays).values()].filter((n) => n > 1),
      [],
    );
  });

  it('5xx errors are retried and lose nothing', async () => {
    sim.faults.serverErrors({ status: 503, count: 4 });
    sim.clock.advance(20 * 60_000);
    const mark = tracker.seq;
    for (const account of ids) await tracker.pollAfter(account, mark, 30_000);
    sim.clock.advance(20 * 60_000);
    const mark2 = tracker.seq;
    for (const account of ids) await tracker.pollAfter(account, mark2, 30_000);
    await waitForShown(sim, reader!.plays, ids);
    assert.ok((await metric(poller!, 'poller_spotify_responses_total', { status: '503' })) > 0);
  });

  it('a revoked refresh token stops only that account and marks it needs-relink', async () => {
    const [revoked, ...others] = ids as [string, ...string[]];
    sim.faults.revoke(revoked);
    // The cached access token would keep working until it expires; expire them all to force a refresh.
    sim.faults.expireAccessTokens();
    sim.clock.advance(20 * 60_000);
    await waitUntil(() => poller!.context.state.account(revoked)?.status === 'needs-relink', {
      what: 'the revoked account marked needs-relink',
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    await waitUntil(async () => !(await poller!.context.queue.getJobScheduler(revoked)), {
      what: 'the revoked account unscheduled',
      timeoutMs: 10_000,
      intervalMs: 50,
    });
    assert.ok((await metric(poller!, 'poller_accounts_relink_needed_total')) >= 1);
    const polledBefore = tracker.polls.filter((p) => p.accountId === revoked).length;
    for (let step = 0; step < 3; step += 1) {
      sim.clock.advance(20 * 60_000);
      const mark = tracker.seq;
      for (const account of others) await tracker.pollAfter(account, mark, 30_000);
    }
    await waitForShown(sim, reader!.plays, others);
    for (const account of others) assert.equal(poller!.context.state.account(account)?.status, 'active');
    // The reconcile loop must not bring the revoked account back.
    assert.ok(tracker.polls.filter((p) => p.accountId === revoked).length <= polledBefore + 1);
    assert.ok((await metric(poller!, 'poller_accounts', { status: 'needs-relink' })) === 1);
  });
});
