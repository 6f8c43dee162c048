import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitUntil } from '@spotify-pipeline/runtime';
import { runCli } from '../cli.ts';
import { capturingLogger, silentLogger, waitForShown } from '../testing/harness.ts';
import { PollerFixture } from '../testing/poller-fixture.ts';

describe('linking through the CLI (PKCE against the simulator)', () => {
  const fx = new PollerFixture();
  const captured = capturingLogger('poller-cli');

  before(() =>
    fx.start({
      sim: { seed: 5, accounts: 2, clock: { mode: 'manual' } },
      callbackOn: 'cli',
      readRawPlays: true,
    }),
  );
  after(() => fx.close());

  it('links an account end to end, lists it, polls it, and unlinks it', async () => {
    const { sim, poller, config, plays } = fx;
    const account = sim.accounts()[1]!;
    const out: string[] = [];
    const exit = runCli(['link', '--time-zone', 'Asia/Kolkata'], config, {
      out: (line) => out.push(line),
      logger: captured.logger,
      linkTimeoutMs: 30_000,
    });
    const authorizeUrl = await waitUntil(() => out.find((line) => line.startsWith(`${sim.url}/authorize?`)), {
      what: 'the authorize URL printed',
      timeoutMs: 20_000,
      intervalMs: 20,
    });
    const url = new URL(authorizeUrl);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('scope'), 'user-read-recently-played user-read-private');
    const redirect = await sim.approve(authorizeUrl, account.id);
    const answer = await fetch(redirect);
    assert.equal(answer.status, 200);
    assert.equal(await exit, 0);
    assert.ok(out.some((line) => line.startsWith(`linked ${account.id}`)));
    // The running poller learns of the link from the state topic and polls it.
    await waitUntil(() => poller.context.state.account(account.id)?.timeZone === 'Asia/Kolkata', {
      what: 'the poller following the link',
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    await waitUntil(() => plays.length >= sim.shown(account.id).length && sim.shown(account.id).length > 0, {
      what: 'the linked account polled',
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    await waitForShown(sim, plays, [account.id]);
    assert.equal(plays[0]!.account.time_zone, 'Asia/Kolkata');

    const listing: string[] = [];
    assert.equal(
      await runCli(['accounts'], config, { out: (l) => listing.push(l), logger: silentLogger() }),
      0,
    );
    const row = listing.find((l) => l.startsWith(account.id));
    assert.ok(row?.includes('Asia/Kolkata') && row.includes('active'));

    const unlinked: string[] = [];
    assert.equal(
      await runCli(['unlink', account.id], config, { out: (l) => unlinked.push(l), logger: silentLogger() }),
      0,
    );
    await waitUntil(() => poller.context.state.account(account.id) === undefined, {
      what: 'the unlink followed',
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    assert.equal(await poller.context.queue.getJobScheduler(account.id), undefined);

    // A callback with a state that was never issued is refused.
    const forged = await fetch(`${poller.url}/callback?state=forged&code=x`);
    assert.equal(forged.status, 400);
    // No code, verifier or token in the CLI's log lines.
    const text = captured.lines.join('\n');
    const code = new URL(redirect).searchParams.get('code')!;
    assert.ok(!text.includes(code));
    assert.ok(!text.includes('sim-client-secret'));
  });

  it('refuses an unknown zone and prints usage for bad commands', async () => {
    const { config } = fx;
    const out: string[] = [];
    assert.equal(
      await runCli(['link', '--time-zone', 'Mars/Base'], config, {
        out: (l) => out.push(l),
        logger: silentLogger(),
      }),
      1,
    );
    assert.match(out.join('\n'), /not an IANA zone/);
    assert.equal(await runCli(['frobnicate'], config, { out: () => {}, logger: silentLogger() }), 2);
  });
});

describe('linking through the CLI while the poller runs on the redirect URI port', () => {
  const fx = new PollerFixture();

  before(() => fx.start({ sim: { seed: 6, accounts: 1, clock: { mode: 'manual' } }, callbackOn: 'poller' }));
  after(() => fx.close());

  it('no EADDRINUSE: the running poller takes the callback and `link` reports the account', async () => {
    const { sim, poller, config } = fx;
    const account = sim.accounts()[0]!;
    const out: string[] = [];
    const exit = runCli(['link', '--time-zone', 'Europe/Lisbon'], config, {
      out: (line) => out.push(line),
      logger: silentLogger(),
      linkTimeoutMs: 30_000,
    });
    const authorizeUrl = await waitUntil(() => out.find((line) => line.startsWith(`${sim.url}/authorize?`)), {
      what: 'the authorize URL printed',
      timeoutMs: 20_000,
      intervalMs: 20,
    });
    assert.ok(
      out.some((l) => l.includes('running poller takes the callback')),
      out.join('\n'),
    );
    const redirect = await sim.approve(authorizeUrl, account.id);
    assert.ok(redirect.startsWith(poller.url), `${redirect} goes to the running poller`);
    assert.equal((await fetch(redirect)).status, 200);
    assert.equal(await exit, 0, out.join('\n'));
    assert.ok(out.some((line) => line.startsWith(`linked ${account.id}`) && line.includes('Europe/Lisbon')));
  });
});
