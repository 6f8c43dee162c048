import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitUntil } from '@spotify-pipeline/runtime';
import { countByPlay } from '../testing/harness.ts';
import { PollerFixture } from '../testing/poller-fixture.ts';
import { readRawTopicToEnd } from '../testing/raw-topic-to-end.ts';

// The acceptance: with the simulator serving 50 accounts, the raw topic ends with exactly
// the plays the simulator showed, none missing, none twice. Default listening rate and offline
// share, so late offline syncs (up to 6 simulated hours after the session) are part of the run.
const ACCOUNTS = 50;
const HISTORY_HOURS = 2;
// A step is far shorter than 50 plays at the default rate: no play can leave the window unpolled.
const STEP_MS = 15 * 60_000;
// 8 simulated hours: longer than the latest offline sync (6 h after its session).
const STEPS = 32;

describe('poller acceptance: 50 simulated accounts, real Kafka and Redis', () => {
  const fx = new PollerFixture();

  /** Waits until every account had a successful poll that started after `mark`. */
  const everyAccountPolled = (mark: number, what: string) => {
    const { tracker, accountIds: ids } = fx;
    return waitUntil(
      () => {
        const polled = new Set<string>();
        // Polls are recorded as they end; those ending at or before the mark started before it.
        for (let i = tracker.polls.length - 1; i >= 0 && tracker.polls[i]!.end > mark; i--) {
          const poll = tracker.polls[i]!;
          if (poll.start > mark && poll.succeeded) polled.add(poll.accountId);
        }
        return ids.every((a) => polled.has(a));
      },
      { what, timeoutMs: 30_000, intervalMs: 20 },
    );
  };

  before(() =>
    fx.start({
      sim: { seed: 50, accounts: ACCOUNTS, historyHours: HISTORY_HOURS, clock: { mode: 'manual' } },
      env: { LOG_LEVEL: 'warn' },
      deleteGroups: true,
    }),
  );
  after(() => fx.close());

  it('fills the raw topic with exactly the plays the simulator showed, once each', async (t) => {
    const { sim, poller, config, id, tracker, accountIds: ids } = fx;
    const start = sim.clock.now().getTime();
    const mark = tracker.seq;
    await fx.link(ids);
    await everyAccountPolled(mark, 'a first poll of every linked account');
    for (let step = 1; step <= STEPS; step += 1) {
      sim.clock.advance(STEP_MS);
      await everyAccountPolled(tracker.seq, `every account polled after step ${step} of ${STEPS}`);
    }
    // Stopped, so the raw topic's end no longer moves and reading to it sees every message.
    await poller.stop();
    const { plays, undecodable } = await readRawTopicToEnd(config, id);
    assert.deepEqual(undecodable, [], 'every raw message decodes as a RawPlay');

    const now = sim.clock.now().getTime();
    const counts = countByPlay(plays);
    const published = new Map<string, Set<string>>(ids.map((a) => [a, new Set()]));
    for (const key of counts.keys()) {
      const account = key.slice(0, key.indexOf('@'));
      assert.ok(published.has(account), `raw play of an account that was never linked: ${key}`);
      published.get(account)!.add(key);
    }
    let expectedTotal = 0;
    let lateOffline = 0;
    let sinceStart = 0;
    for (const account of ids) {
      const shown = new Set(sim.shown(account).map((d) => `${account}@${d.toISOString()}`));
      const truth = sim.truth(account).filter((p) => p.visible && p.syncedAt.getTime() <= now);
      const visible = new Set(truth.map((p) => `${account}@${p.playedAt.toISOString()}`));
      // The simulator's two accounts of the same thing must agree, or the comparison means nothing.
      assert.deepEqual([...shown].sort(), [...visible].sort(), `${account}: shown() vs visible truth`);
      const got = published.get(account)!;
      const missing = [...visible].filter((k) => !got.has(k));
      const extra = [...got].filter((k) => !visible.has(k));
      assert.deepEqual({ account, missing, extra }, { account, missing: [], extra: [] });
      expectedTotal += visible.size;
      lateOffline += truth.filter((p) => p.offline && p.syncedAt > p.playedAt).length;
      sinceStart += truth.filter((p) => p.playedAt.getTime() > start).length;
    }
    const duplicates = plays.length - counts.size;
    t.diagnostic(
      `${plays.length} raw messages, ${counts.size} distinct (account, played_at), ${duplicates} duplicates; ` +
        `${expectedTotal} plays shown by the simulator (${sinceStart} played during the run), ${lateOffline} of them synced late from offline sessions; ` +
        `${tracker.polls.length} polls (test id ${id})`,
    );
    assert.equal(duplicates, 0, 'no play published twice');
    assert.equal(counts.size, expectedTotal);
    // The run must have exercised something: new plays beyond the first window, and late syncs.
    assert.ok(sinceStart >= 10 * ACCOUNTS, `only ${sinceStart} plays during the run`);
    assert.ok(lateOffline > 0, 'expected offline plays that synced after they were played');
    assert.equal(tracker.overlaps, 0, 'no account polled twice at once');
  });
});
