import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { AuthorizeError, SpotifySimOptionsError, startSpotifySim } from './index.ts';
import type { SpotifySim } from './sim.ts';
import { basic, get, postForm, refresh, request } from './testing/client.ts';

const REDIRECT = 'http://127.0.0.1:8888/callback';
const START = new Date('2026-01-15T10:00:00.000Z');

function pkce() {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(sim: SpotifySim, params: Record<string, string>): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: 'sim-client-id',
    redirect_uri: REDIRECT,
    scope: 'user-read-recently-played user-read-private',
    state: 'st-123',
    ...params,
  });
  return `${sim.url}/authorize?${query}`;
}

describe('Accounts service', () => {
  let sim: SpotifySim;
  let accountId: string;
  const token = (form: Record<string, string>, auth?: string) => postForm(`${sim.url}/api/token`, form, auth);

  before(async () => {
    sim = await startSpotifySim({ seed: 3, accounts: 2, clock: { mode: 'manual', start: START } });
    accountId = sim.accounts()[0]!.id;
  });
  after(() => sim.stop());

  test('PKCE end to end: consent page, approve, code exchange, single-use code, the token works', async () => {
    const { verifier, challenge } = pkce();
    const url = authorizeUrl(sim, { code_challenge_method: 'S256', code_challenge: challenge });
    const page = await request(url);
    assert.equal(page.status, 200);
    assert.match(page.text, /Agree as/);
    const redirect = new URL(await sim.approve(url, accountId));
    assert.equal(`${redirect.origin}${redirect.pathname}`, REDIRECT);
    assert.equal(redirect.searchParams.get('state'), 'st-123');
    const code = redirect.searchParams.get('code')!;
    assert.ok(code);
    const form = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: 'sim-client-id',
      code_verifier: verifier,
    };
    const exchanged = await token(form);
    assert.equal(exchanged.status, 200, exchanged.text);
    assert.equal(exchanged.json.token_type, 'Bearer');
    assert.equal(exchanged.json.expires_in, 3600);
    assert.equal(exchanged.json.scope, 'user-read-recently-played user-read-private');
    assert.equal(typeof exchanged.json.refresh_token, 'string');
    const me = await get(`${sim.url}/v1/me`, exchanged.json.access_token);
    assert.equal(me.status, 200);
    assert.equal(me.json.id, accountId);
    assert.equal(me.json.type, 'user');
    assert.equal(me.json.uri, `spotify:user:${accountId}`);
    assert.equal(me.json.country, sim.accounts()[0]!.country);
    assert.equal(me.json.time_zone, undefined);
    const again = await token(form);
    assert.equal(again.status, 400);
    assert.equal(again.json.error, 'invalid_grant');
    // A PKCE refresh token refreshes with the client id alone, as @spotify/web-api-ts-sdk does.
    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: exchanged.json.refresh_token,
      client_id: 'sim-client-id',
    });
    assert.equal(refreshed.status, 200, refreshed.text);
  });

  test('the consent form posts back and redirects like a browser would', async () => {
    const { challenge } = pkce();
    const url = new URL(authorizeUrl(sim, { code_challenge_method: 'S256', code_challenge: challenge }));
    const form = new URLSearchParams(url.searchParams);
    form.set('account_id', accountId);
    const res = await request(`${sim.url}/authorize/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location')!);
    assert.ok(location.searchParams.get('code'));
    const denied = new URL(await sim.approve(url.toString(), accountId, { deny: true }));
    assert.equal(denied.searchParams.get('error'), 'access_denied');
    assert.equal(denied.searchParams.get('state'), 'st-123');
  });

  test('a wrong code_verifier is invalid_grant; a confidential exchange needs the secret', async () => {
    const { challenge } = pkce();
    const code = new URL(
      await sim.approve(
        authorizeUrl(sim, { code_challenge_method: 'S256', code_challenge: challenge }),
        accountId,
      ),
    ).searchParams.get('code')!;
    const wrong = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: 'sim-client-id',
      code_verifier: pkce().verifier,
    });
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.json, {
      error: 'invalid_grant',
      error_description: 'code_verifier was incorrect',
    });

    const plain = new URL(await sim.approve(authorizeUrl(sim, {}), accountId)).searchParams.get('code')!;
    const badSecret = await token(
      { grant_type: 'authorization_code', code: plain, redirect_uri: REDIRECT },
      basic('sim-client-id', 'nope'),
    );
    assert.equal(badSecret.status, 401);
    assert.equal(badSecret.json.error, 'invalid_client');
    const plain2 = new URL(await sim.approve(authorizeUrl(sim, {}), accountId)).searchParams.get('code')!;
    const mismatch = await token(
      { grant_type: 'authorization_code', code: plain2, redirect_uri: 'http://127.0.0.1:9999/x' },
      basic('sim-client-id', 'sim-client-secret'),
    );
    assert.equal(mismatch.json.error, 'invalid_grant');
    const plain3 = new URL(await sim.approve(authorizeUrl(sim, {}), accountId)).searchParams.get('code')!;
    const good = await token(
      { grant_type: 'authorization_code', code: plain3, redirect_uri: REDIRECT },
      basic('sim-client-id', 'sim-client-secret'),
    );
    assert.equal(good.status, 200, good.text);
    // A grant made with the client secret cannot be refreshed by a public client.
    const publicRefresh = await token({
      grant_type: 'refresh_token',
      refresh_token: good.json.refresh_token,
      client_id: 'sim-client-id',
    });
    assert.equal(publicRefresh.status, 400);
    assert.equal(publicRefresh.json.error, 'invalid_client');
  });

  test('codes expire after 10 simulated minutes', async () => {
    const plain = new URL(await sim.approve(authorizeUrl(sim, {}), accountId)).searchParams.get('code')!;
    sim.clock.advance(10 * 60_000 + 1);
    const late = await token(
      { grant_type: 'authorization_code', code: plain, redirect_uri: REDIRECT },
      basic('sim-client-id', 'sim-client-secret'),
    );
    assert.deepEqual(late.json, { error: 'invalid_grant', error_description: 'Authorization code expired' });
  });

  test('/authorize: unknown client and unregistered redirect URI get a 400 page, other errors a redirect', async () => {
    const badClient = await request(authorizeUrl(sim, { client_id: 'who' }));
    assert.equal(badClient.status, 400);
    assert.match(badClient.text, /INVALID_CLIENT: Invalid client/);
    const badRedirect = await request(authorizeUrl(sim, { redirect_uri: 'http://localhost:8888/callback' }));
    assert.equal(badRedirect.status, 400);
    assert.match(badRedirect.text, /INVALID_CLIENT: Invalid redirect URI/);
    await assert.rejects(
      sim.approve(authorizeUrl(sim, { redirect_uri: 'http://127.0.0.1:1/x' }), accountId),
      AuthorizeError,
    );
    const badScope = await request(authorizeUrl(sim, { scope: 'user-read-everything' }));
    assert.equal(badScope.status, 302);
    assert.equal(new URL(badScope.headers.get('location')!).searchParams.get('error'), 'invalid_scope');
    const plainMethod = await request(
      authorizeUrl(sim, { code_challenge_method: 'plain', code_challenge: 'x'.repeat(43) }),
    );
    assert.equal(new URL(plainMethod.headers.get('location')!).searchParams.get('error'), 'invalid_request');
  });

  test('redirect URIs with localhost are refused at registration, as Spotify does since 2025', async () => {
    await assert.rejects(
      startSpotifySim({ redirectUris: ['http://localhost:8888/callback'] }),
      SpotifySimOptionsError,
    );
    await assert.rejects(startSpotifySim({ redirectUris: ['http://192.168.1.2/cb'] }), /loopback/);
  });

  test('refresh: wrong secret is 401 invalid_client; unknown token invalid_grant; no form is unsupported_grant_type', async () => {
    const { refreshToken } = sim.linkAccount(accountId);
    const ok = await refresh(sim, refreshToken);
    assert.equal(ok.status, 200);
    assert.equal(ok.json.scope, 'user-read-recently-played user-read-private user-read-email');
    const wrongSecret = await token(
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      basic('sim-client-id', 'x'),
    );
    assert.equal(wrongSecret.status, 401);
    assert.equal(wrongSecret.json.error, 'invalid_client');
    const unknown = await refresh(sim, 'AQunknown');
    assert.deepEqual(unknown.json, { error: 'invalid_grant', error_description: 'Invalid refresh token' });
    const noGrant = await request(`${sim.url}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(noGrant.json.error, 'unsupported_grant_type');
  });

  test('refresh sometimes rotates the refresh token; both keep working', async () => {
    const { refreshToken } = sim.linkAccount(accountId);
    const rotated: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await refresh(sim, refreshToken);
      assert.equal(res.status, 200);
      if (res.json.refresh_token) rotated.push(res.json.refresh_token);
    }
    assert.equal(rotated.length, 1);
    assert.equal((await refresh(sim, rotated[0]!)).status, 200);
  });

  test('revoke: the refresh token is dead with invalid_grant "Refresh token revoked"', async () => {
    const other = sim.accounts()[1]!.id;
    const { refreshToken } = sim.linkAccount(other);
    assert.equal((await refresh(sim, refreshToken)).status, 200);
    sim.faults.revoke(other);
    const res = await refresh(sim, refreshToken);
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, { error: 'invalid_grant', error_description: 'Refresh token revoked' });
    assert.equal(
      (await refresh(sim, sim.linkAccount(other).refreshToken)).status,
      200,
      'linking again works',
    );
  });

  test('access tokens expire after their TTL and refresh tokens six simulated months after issue', async () => {
    const { refreshToken } = sim.linkAccount(accountId);
    const access = (await refresh(sim, refreshToken)).json.access_token;
    assert.equal((await get(`${sim.url}/v1/me`, access)).status, 200);
    sim.clock.advance(3600 * 1000);
    const expired = await get(`${sim.url}/v1/me`, access);
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.json, { error: { status: 401, message: 'The access token expired' } });
    sim.clock.advance(150 * 86_400_000);
    assert.equal((await refresh(sim, refreshToken)).status, 200, 'still valid after five months');
    sim.clock.advance(40 * 86_400_000);
    assert.deepEqual((await refresh(sim, refreshToken)).json, {
      error: 'invalid_grant',
      error_description: 'Refresh token expired',
    });
  });
});
