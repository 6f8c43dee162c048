import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccountsClient } from '@spotify-pipeline/spotify-client';
import { LinkFlow } from '../link/link-flow.ts';
import { capturingLogger } from '../testing/harness.ts';
import { PollerFixture } from '../testing/poller-fixture.ts';

/** What kafkajs throws while a fresh broker elects the group's coordinator (retriable). */
function notCoordinator(): Error {
  return Object.assign(new Error('This is not the correct coordinator for this group'), {
    name: 'KafkaJSProtocolError',
    type: 'NOT_COORDINATOR',
    retriable: true,
  });
}

describe('the /link and /callback routes under faults and floods', () => {
  const fx = new PollerFixture();
  const captured = capturingLogger('poller-link');

  before(() =>
    fx.start({
      sim: { seed: 9, accounts: 3, clock: { mode: 'manual' } },
      callbackOn: 'poller',
      logger: captured.logger,
    }),
  );
  after(() => fx.close());

  const authorizeUrl = async (): Promise<string> => {
    const res = await fetch(`${fx.poller.url}/link?tz=Europe/Oslo`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    return res.headers.get('location')!;
  };

  it('retries a transient Kafka error before consuming the state, and links the account', async () => {
    const { sim, poller } = fx;
    const account = sim.accounts()[0]!;
    const state = poller.context.state;
    const putAccount = state.putAccount.bind(state);
    let failures = 2;
    state.putAccount = async (linked) => {
      if (failures > 0) {
        failures -= 1;
        throw notCoordinator();
      }
      return putAccount(linked);
    };
    try {
      const redirect = await sim.approve(await authorizeUrl(), account.id);
      const answer = await fetch(redirect);
      assert.equal(answer.status, 200, await answer.clone().text());
      assert.equal(((await answer.json()) as { linked: string }).linked, account.id);
      assert.equal(failures, 0, 'the transient failures happened and were retried');
      assert.equal(poller.context.state.account(account.id)?.timeZone, 'Europe/Oslo');
      // The state is used now: the same callback again is refused.
      assert.equal((await fetch(redirect)).status, 400);
    } finally {
      state.putAccount = putAccount;
    }
  });

  it('a failure of ours answers with a reference, never the internal message', async () => {
    const { sim, poller } = fx;
    const account = sim.accounts()[1]!;
    const state = poller.context.state;
    const putAccount = state.putAccount.bind(state);
    state.putAccount = async () => {
      throw new Error('broker 127.0.0.1:9092 said INTERNAL SECRET DETAIL');
    };
    try {
      const redirect = await sim.approve(await authorizeUrl(), account.id);
      const answer = await fetch(redirect);
      assert.equal(answer.status, 502);
      const body = (await answer.json()) as { error: string };
      assert.match(body.error, /reference [0-9a-f]{8}/);
      assert.ok(!body.error.includes('SECRET') && !body.error.includes('9092'), body.error);
    } finally {
      state.putAccount = putAccount;
    }
  });

  it('bounds pending link states per client and in total', async () => {
    const { poller, config } = fx;
    // Per client: the address that asked (loopback here) gets 10 at most.
    let refused: Response | undefined;
    for (let i = 0; i < 12 && !refused; i += 1) {
      const res = await fetch(`${poller.url}/link`, { redirect: 'manual' });
      if (res.status === 429) refused = res;
      else assert.equal(res.status, 302);
    }
    assert.ok(refused, 'the 11th pending link of one client is refused');
    assert.match(((await refused.json()) as { error: string }).error, /too many links pending/);

    // In total: a flow with a small bound, over the same Redis keys.
    const c = poller.context;
    const flow = new LinkFlow({
      clientId: config.SPOTIFY_CLIENT_ID,
      redirectUri: config.SPOTIFY_REDIRECT_URI,
      defaultTimeZone: 'UTC',
      accounts: new AccountsClient({
        accountsUrl: config.SPOTIFY_ACCOUNTS_URL,
        clientId: config.SPOTIFY_CLIENT_ID,
        clientSecret: config.SPOTIFY_CLIENT_SECRET,
      }),
      web: c.web,
      state: c.state,
      tokens: c.tokens,
      cipher: c.cipher,
      redis: c.redis,
      keys: c.keys,
      logger: captured.logger,
      schedule: async () => undefined,
      pendingLimits: { total: 14, perClient: 100 },
    });
    const pendingBefore = await c.redis.zcard(c.keys.pendingLinks);
    const outcomes: string[] = [];
    for (let i = 0; i < 16; i += 1) {
      outcomes.push(
        await flow.begin(undefined, `client-${i}`).then(
          () => 'ok',
          (e: Error) => e.message,
        ),
      );
    }
    assert.equal(outcomes.filter((o) => o === 'ok').length, 14 - pendingBefore);
    assert.match(outcomes.at(-1)!, /too many links are pending/);
    assert.equal(await c.redis.zcard(c.keys.pendingLinks), 14);
  });
});
