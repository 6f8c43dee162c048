import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorForResponse, parseRetryAfter } from './classify-response.ts';
import {
  SpotifyInvalidGrantError,
  SpotifyRateLimitedError,
  SpotifyRequestError,
  SpotifyServerError,
  SpotifyUnauthorizedError,
} from './errors.ts';

const respond = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });

describe('errorForResponse', () => {
  it('429 is retriable and carries Retry-After in ms', async () => {
    const error = await errorForResponse(respond(429, '', { 'retry-after': '7' }), 'api');
    assert.ok(error instanceof SpotifyRateLimitedError);
    assert.equal(error.retryAfterMs, 7_000);
    assert.equal(error.retriable, true);
  });

  it('5xx is a retriable server error, 401 asks for a refresh', async () => {
    const server = await errorForResponse(respond(503, { error: { status: 503, message: 'down' } }), 'api');
    assert.ok(server instanceof SpotifyServerError && server.retriable && server.status === 503);
    const expired = await errorForResponse(
      respond(401, { error: { status: 401, message: 'The access token expired' } }),
      'api',
    );
    assert.ok(expired instanceof SpotifyUnauthorizedError);
    assert.match(expired.message, /access token expired/);
  });

  it('invalid_grant from the Accounts service means relink; other refusals are not retriable', async () => {
    const grant = await errorForResponse(
      respond(400, { error: 'invalid_grant', error_description: 'Refresh token revoked' }),
      'accounts',
      'acc1',
    );
    assert.ok(grant instanceof SpotifyInvalidGrantError);
    assert.equal(grant.retriable, false);
    assert.equal(grant.accountId, 'acc1');
    const forbidden = await errorForResponse(
      respond(403, { error: { status: 403, message: 'Insufficient client scope' } }),
      'api',
    );
    assert.ok(forbidden instanceof SpotifyRequestError && !forbidden.retriable);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and defaults when absent or garbage', () => {
    assert.equal(parseRetryAfter('0'), 0);
    assert.equal(parseRetryAfter('2'), 2_000);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6_000);
    assert.equal(parseRetryAfter(null), 5_000);
    assert.equal(parseRetryAfter('soon'), 5_000);
  });
});
