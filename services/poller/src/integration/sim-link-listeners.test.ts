import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitUntil } from '@spotify-pipeline/runtime';
import { linkListeners, type SpotifySim, startSpotifySim } from '@spotify-pipeline/spotify-sim';
import type { PollerConfig } from '../config.ts';
import { type PollerHandle, startPoller } from '../start.ts';
import { cleanUp, silentLogger, testConfig, uniqueId } from '../testing/harness.ts';

/**
 * Compose's demo profile links its simulated listeners with the simulator's linker, which plays a
 * browser over HTTP only: the poller's /link, the consent form, the poller's /callback. Here
 * against a real poller, as in compose, so both sides of the flow are the product's.
 */
let sim: SpotifySim;
let config: PollerConfig;
let poller: PollerHandle | undefined;
const id = uniqueId();

before(async () => {
  sim = await startSpotifySim({ seed: 7, accounts: 3, clock: { mode: 'manual' } });
  config = testConfig(sim, id);
  poller = await startPoller(config, { logger: silentLogger() });
});

after(async () => {
  await poller?.stop();
  await sim?.stop();
  await cleanUp(config);
});

test("every simulated listener links itself through the poller's /link and /callback", async () => {
  const linked = await linkListeners(poller!.url);
  const expected = sim
    .accounts()
    .map((a) => a.id)
    .sort();
  assert.deepEqual([...linked].sort(), expected);
  await waitUntil(() => expected.every((a) => poller!.context.state.account(a) !== undefined), {
    what: 'every listener in the poller state',
    timeoutMs: 30_000,
    intervalMs: 50,
  });
});
