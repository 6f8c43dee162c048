import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consentAccountIds } from './link-listeners.ts';
import { startSpotifySim } from './sim.ts';

// The linker end to end, against a real poller: services/poller/src/integration/sim-link-listeners.test.ts.

test("the consent page's Agree buttons name every simulated listener, entities decoded", async () => {
  assert.deepEqual(
    consentAccountIds(
      '<button name="account_id" value="a&amp;b">x</button><button name="account_id" value="c">',
    ),
    ['a&b', 'c'],
  );
  const sim = await startSpotifySim({ accounts: 3 });
  try {
    const authorize = new URL('/authorize', sim.url);
    authorize.search = new URLSearchParams({
      client_id: 'sim-client-id',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:8888/callback',
      state: 's',
      code_challenge_method: 'S256',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    }).toString();
    const page = await fetch(authorize);
    assert.equal(page.status, 200);
    assert.deepEqual(
      consentAccountIds(await page.text()).sort(),
      sim
        .accounts()
        .map((a) => a.id)
        .sort(),
    );
  } finally {
    await sim.stop();
  }
});
