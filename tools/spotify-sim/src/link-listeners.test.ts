import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { consentAccountIds, linkListeners } from './link-listeners.ts';
import type { SpotifySim } from './sim.ts';
import { startSpotifySim } from './sim.ts';

/**
 * A stand-in poller (the PKCE pair of RFC 7636's example): /link redirects to the simulator's /authorize (PKCE and state as the real one
 * sends them), /callback redeems the code at the simulator's /api/token, as the real poller does.
 */
let sim: SpotifySim;
let poller: Server;
let pollerUrl: string;
const linked: string[] = [];

before(async () => {
  sim = await startSpotifySim({ accounts: 3, redirectUris: ['http://127.0.0.1:8888/callback'] });
  poller = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://poller');
    if (url.pathname === '/link') {
      const authorize = new URL('/authorize', sim.url);
      authorize.search = new URLSearchParams({
        client_id: 'sim-client-id',
        response_type: 'code',
        redirect_uri: 'http://127.0.0.1:8888/callback',
        state: `s${linked.length}`,
        scope: 'user-read-recently-played',
        code_challenge_method: 'S256',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      }).toString();
      res.writeHead(302, { location: authorize.toString() }).end();
      return;
    }
    if (url.pathname === '/callback' && url.searchParams.get('code')) {
      const token = await fetch(new URL('/api/token', sim.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from('sim-client-id:sim-client-secret').toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: url.searchParams.get('code')!,
          redirect_uri: 'http://127.0.0.1:8888/callback',
          code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
        }),
      });
      res.writeHead(token.ok ? 200 : 502).end(await token.text());
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => poller.listen(0, '127.0.0.1', resolve));
  pollerUrl = `http://127.0.0.1:${(poller.address() as AddressInfo).port}`;
});

after(async () => {
  poller.close();
  await sim.stop();
});

test("the consent page's Agree buttons name every simulated listener", () => {
  const html =
    '<form><button name="account_id" value="a&amp;b">Agree</button><button name="account_id" value="c">x</button>';
  assert.deepEqual(consentAccountIds(html), ['a&b', 'c']);
});

test('every simulated listener links through /link, the consent form and /callback, over HTTP only', async () => {
  const ids = await linkListeners(pollerUrl, (id) => linked.push(id));
  assert.deepEqual(
    [...ids].sort(),
    sim
      .accounts()
      .map((a) => a.id)
      .sort(),
  );
  assert.deepEqual(linked, ids);
});
