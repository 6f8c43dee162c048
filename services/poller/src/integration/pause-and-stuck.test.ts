import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitUntil } from '@spotify-pipeline/runtime';
import { runCli } from '../cli.ts';
import { capturingLogger, silentLogger, waitForShown } from '../testing/harness.ts';
import { PollerFixture } from '../testing/poller-fixture.ts';
import { pollerMetric } from '../testing/poller-metric.ts';

const ACTIVE_MS = 400;
const RECENTLY_PLAYED = '/v1/me/player/recently-played';

describe('poller after a queue-wide 429 pause (simulator request log, real Kafka and Redis)', () => {
  const fx = new PollerFixture();

  before(() =>
    fx.start({
      sim: { seed: 23, accounts: 6, clock: { mode: 'manual' } },
      env: { POLL_INTERVAL_ACTIVE_MS: String(ACTIVE_MS), POLL_INTERVAL_IDLE_MS: '1600' },
      readRawPlays: true,
      linkEveryAccount: true,
    }),
  );
  after(() => fx.close());

  it('no burst: after each pause every account is polled once, never twice within half its shortest interval', async () => {
    const { sim, tracker, accountIds: ids } = fx;
    const from = Date.now();
    for (let pause = 0; pause < 3; pause += 1) {
      sim.faults.rateLimit({ retryAfterSeconds: 1, forMs: 2_000 });
      await waitUntil(() => sim.requests().some((r) => r.atMs > from && r.status === 429), {
        what: 'a 429',
        timeoutMs: 15_000,
        intervalMs: 20,
      });
      // The pause is over once Spotify answers a recently-played request after the last 429.
      await waitUntil(
        () => {
          const requests = sim.requests().filter((r) => r.atMs > from);
          const last429 = Math.max(...requests.filter((r) => r.status === 429).map((r) => r.atMs));
          return requests.some((r) => r.atMs > last429 && r.status === 200 && r.path === RECENTLY_PLAYED);
        },
        { what: 'a recently-played answer after the 429s', timeoutMs: 30_000, intervalMs: 20 },
      );
      const mark = tracker.seq;
      for (const account of ids) await tracker.pollAfter(account, mark, 30_000);
      const settle = tracker.seq;
      for (const account of ids) await tracker.pollAfter(account, settle, 30_000);
    }
    const bursts: string[] = [];
    for (const account of ids) {
      const times = sim
        .requests()
        .filter((r) => r.atMs >= from && r.accountId === account && r.path === RECENTLY_PLAYED)
        .map((r) => r.atMs);
      for (let i = 1; i < times.length; i += 1) {
        const gap = times[i]! - times[i - 1]!;
        if (gap < ACTIVE_MS / 2) bursts.push(`${account}: ${gap} ms`);
      }
    }
    assert.deepEqual(bursts, [], 'requests for one account closer together than half its interval');
  });
});

describe('a stuck account cannot hide (simulator fault on one account, real Kafka and Redis)', () => {
  const fx = new PollerFixture();
  const { logger, lines } = capturingLogger();

  before(() =>
    fx.start({
      sim: { seed: 29, accounts: 3, clock: { mode: 'manual' } },
      logger,
      readRawPlays: true,
      linkEveryAccount: true,
    }),
  );
  after(() => fx.close());

  it('shows as failing in `accounts`, the metrics and /readyz, logs once per change, and the others keep flowing', async () => {
    const { sim, poller, config } = fx;
    const [stuck, ...others] = fx.accountIds as [string, ...string[]];
    const failingLines = () =>
      lines.filter((l) => l.includes('account failing') && l.includes(stuck) && l.includes('"level":50'));
    sim.faults.failAccount(stuck, 500);
    await waitUntil(async () => (await pollerMetric(poller, 'poller_accounts_failing')) === 1, {
      what: 'the stuck account counted as failing',
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    // Named in /readyz, without taking the poller (and /link) out of service for one account.
    const ready = await fetch(`${poller.url}/readyz`);
    const body = (await ready.json()) as { notes?: Record<string, string> };
    assert.equal(ready.status, 200);
    assert.match(body.notes?.accounts ?? '', new RegExp(`1 failing: ${stuck} since `));
    const out: string[] = [];
    assert.equal(await runCli(['accounts'], config, { out: (l) => out.push(l), logger: silentLogger() }), 0);
    const row = out.find((l) => l.startsWith(stuck))?.split('\t') ?? [];
    assert.equal(row[3], 'failing', out.join('\n'));
    assert.match(row[6] ?? '', /^since \d{4}-.*polls: .+/);
    for (const other of others) assert.equal(out.find((l) => l.startsWith(other))?.split('\t')[3], 'active');

    // It keeps failing; the others keep delivering; one error line all along.
    const failuresBefore = await pollerMetric(poller, 'poller_poll_failures_total');
    for (let step = 0; step < 2; step += 1) await fx.advanceAndAwaitPolls(20 * 60_000, others, 30_000);
    await waitForShown(sim, fx.plays, others);
    await waitUntil(
      async () => (await pollerMetric(poller, 'poller_poll_failures_total')) >= failuresBefore + 3,
      {
        what: 'more failed polls of the stuck account',
        timeoutMs: 30_000,
        intervalMs: 100,
      },
    );
    assert.equal(failingLines().length, 1, 'one error line for the change to failing');

    sim.faults.failAccount(stuck, undefined);
    await waitUntil(async () => (await pollerMetric(poller, 'poller_accounts_failing')) === 0, {
      what: 'the account recovered',
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    const recovered = (await (await fetch(`${poller.url}/readyz`)).json()) as { notes?: unknown };
    assert.equal(recovered.notes, undefined, 'no note once every account recovered');
    assert.equal(lines.filter((l) => l.includes('account recovered') && l.includes(stuck)).length, 1);
    assert.equal(failingLines().length, 1);
  });
});
