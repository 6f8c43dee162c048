import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitUntil } from '@spotify-pipeline/runtime';
import { linkListeners } from '@spotify-pipeline/spotify-sim';
import { PollerFixture } from '../testing/poller-fixture.ts';

/**
 * Compose's demo profile links its simulated listeners with the simulator's linker, which plays a
 * browser over HTTP only: the poller's /link, the consent form, the poller's /callback. Here
 * against a real poller, as in compose, so both sides of the flow are the product's.
 */
const fx = new PollerFixture();

before(() => fx.start({ sim: { seed: 7, accounts: 3, clock: { mode: 'manual' } } }));
after(() => fx.close());

test("every simulated listener links itself through the poller's /link and /callback", async () => {
  const { sim, poller } = fx;
  const linked = await linkListeners(poller.url);
  const expected = sim
    .accounts()
    .map((a) => a.id)
    .sort();
  assert.deepEqual([...linked].sort(), expected);
  await waitUntil(() => expected.every((a) => poller.context.state.account(a) !== undefined), {
    what: 'every listener in the poller state',
    timeoutMs: 30_000,
    intervalMs: 50,
  });
});
