import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { capturingLogger, countByPlay, shownKeys, waitForShown } from '../testing/harness.ts';
import { PollerFixture } from '../testing/poller-fixture.ts';

// Sessions come with gaps (longer at night in the account's zone), so the run covers 16 simulated
// hours in steps short enough that fewer than 50 plays appear between two polls.
const STEP_MS = 20 * 60_000;
const STEPS = 48;

describe('poller delivery (simulator, real Kafka and Redis)', () => {
  const fx = new PollerFixture();
  const { logger, lines } = capturingLogger();
  const refreshTokens: string[] = [];

  before(() =>
    fx.start({
      // A fixed start: the listening has night gaps in each account's zone, so a start at the time
      // of day the test runs made the number of plays, checked below, depend on that hour.
      sim: {
        seed: 7,
        accounts: 2,
        playsPerHour: 120,
        offlineShare: 0.3,
        clock: { mode: 'manual', start: new Date('2026-05-04T08:00:00Z') },
      },
      logger,
      readRawPlays: true,
    }),
  );
  after(() => fx.close());

  it('publishes every shown play exactly once, late offline syncs included, across ~120 new plays', async () => {
    const { sim, tracker, plays } = fx;
    const [a, b] = fx.accountIds as [string, string];
    await fx.linkEveryAccount();
    for (let step = 0; step < STEPS; step += 1) await fx.advanceAndAwaitPolls(STEP_MS, [a, b]);
    await waitForShown(sim, plays, [a, b]);
    const counts = countByPlay(plays);
    const shown = [...shownKeys(sim, a), ...shownKeys(sim, b)];
    // No play missing, none extra, none twice (no crash happened, so not even a duplicate).
    assert.deepEqual([...counts.keys()].sort(), [...shown].sort());
    assert.deepEqual(
      [...counts.values()].filter((n) => n > 1),
      [],
    );
    const newPlays = Math.max(...[a, b].map((x) => plays.filter((p) => p.account.id === x).length - 50));
    assert.ok(newPlays >= 100, `expected ~120 plays beyond the first window, got ${newPlays}`);
    // Offline plays arrived after newer ones: the watermark alone would have lost them.
    let late = 0;
    let newest = 0;
    for (const account of [a, b]) {
      newest = 0;
      for (const p of plays.filter((x) => x.account.id === account)) {
        if (p.played_at.getTime() < newest) late += 1;
        newest = Math.max(newest, p.played_at.getTime());
      }
    }
    assert.ok(late > 0, 'expected some offline plays published after newer ones');
    const sample = plays.find((p) => p.account.id === a)!;
    assert.equal(sample.source, 'api');
    assert.equal(sample.history, null);
    assert.equal(sample.account.time_zone, sim.accounts()[0]!.timeZone);
    assert.equal(tracker.overlaps, 0);
    for (const account of [a, b]) refreshTokens.push(sim.linkAccount(account).refreshToken);
  });

  it('never writes a token or secret to the log or the state topic in the clear', async () => {
    const { poller } = fx;
    const metrics = await (await fetch(`${poller.url}/metrics`)).text();
    assert.match(metrics, /poller_plays_published_total\{service="poller"\} [1-9]/);
    assert.match(metrics, /poller_token_refreshes_total/);
    const ready = await fetch(`${poller.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.ok(lines.length > 0);
    const text = lines.join('\n');
    assert.ok(!text.includes('sim-client-secret'));
    for (const token of refreshTokens) assert.ok(!text.includes(token));
    for (const account of poller.context.state.accounts()) {
      assert.ok(account.sealedRefreshToken.startsWith('v1.'));
      assert.ok(!text.includes(poller.context.cipher.open(account.sealedRefreshToken)));
    }
  });
});
