import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitUntil } from '@spotify-pipeline/runtime';
import { type SpotifySim, startSpotifySim } from '@spotify-pipeline/spotify-sim';
import type { PollerConfig } from '../config.ts';
import { type PollerHandle, startPoller } from '../start.ts';
import {
  cleanUp,
  countByPlay,
  deleteRedisKeys,
  linkDirect,
  PollTracker,
  readRawPlays,
  silentLogger,
  testConfig,
  uniqueId,
  waitForShown,
} from '../testing/harness.ts';

describe('two pollers sharing Redis and Kafka, and Redis lost mid-run', () => {
  let sim: SpotifySim;
  let config: PollerConfig;
  const pollers: PollerHandle[] = [];
  let reader: Awaited<ReturnType<typeof readRawPlays>> | undefined;
  const id = uniqueId();
  // One tracker for both instances: a poll of one account by each at once is an overlap.
  const tracker = new PollTracker();
  let ids: string[] = [];

  before(async () => {
    sim = await startSpotifySim({
      seed: 23,
      accounts: 4,
      playsPerHour: 120,
      offlineShare: 0.2,
      clock: { mode: 'manual' },
    });
    config = testConfig(sim, id, { POLL_INTERVAL_ACTIVE_MS: '100', POLL_INTERVAL_IDLE_MS: '200' });
    pollers.push(await startPoller(config, { logger: silentLogger(), onPoll: tracker.onPoll }));
    pollers.push(
      await startPoller(
        { ...config, POLLER_INSTANCE_ID: `${config.POLLER_INSTANCE_ID}-b` },
        {
          logger: silentLogger(),
          onPoll: tracker.onPoll,
        },
      ),
    );
    reader = await readRawPlays(config, id);
    ids = sim.accounts().map((a) => a.id);
    // Linked through the first instance only: the second learns of them from the state topic.
    for (const account of ids) await linkDirect(pollers[0]!.context, sim, account);
    await waitUntil(() => ids.every((a) => pollers[1]!.context.state.account(a)), {
      what: 'the second instance following the links',
      timeoutMs: 10_000,
      intervalMs: 20,
    });
  });

  after(async () => {
    for (const p of pollers) await p.stop();
    await reader?.stop();
    await sim?.stop();
    await cleanUp(config);
  });

  it('never polls one account from both instances at once, and loses nothing', async () => {
    for (let step = 0; step < 10; step += 1) {
      sim.clock.advance(20 * 60_000);
      const mark = tracker.seq;
      for (const account of ids) await tracker.pollAfter(account, mark);
    }
    await waitForShown(sim, reader!.plays, ids);
    assert.equal(tracker.overlaps, 0);
    assert.deepEqual(
      [...countByPlay(reader!.plays).values()].filter((n) => n > 1),
      [],
    );
  });

  it('recovers every account and play after all its Redis keys are deleted', async () => {
    const deleted = await deleteRedisKeys(config.REDIS_PREFIX);
    assert.ok(deleted > 0);
    for (let step = 0; step < 6; step += 1) {
      sim.clock.advance(20 * 60_000);
      const mark = tracker.seq;
      for (const account of ids) await tracker.pollAfter(account, mark, 30_000);
    }
    await waitForShown(sim, reader!.plays, ids);
    const schedulers = await pollers[0]!.context.queue.getJobSchedulers(0, -1);
    assert.deepEqual(schedulers.map((s) => s.key).sort(), [...ids].sort());
    // At worst a play twice after losing the cursor cache mid-poll; never missing (checked above).
    const counts = [...countByPlay(reader!.plays).values()];
    assert.ok(counts.every((n) => n <= 2));
  });
});
