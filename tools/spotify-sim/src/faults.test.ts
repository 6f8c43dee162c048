import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startSpotifySim } from './index.ts';
import type { SpotifySim } from './sim.ts';
import { accessTokenFor, get } from './testing/client.ts';
import { assertValid, loadOpenApi } from './testing/openapi.ts';

const openapi = loadOpenApi();

describe('fault injection', () => {
  let sim: SpotifySim;
  let token: string;
  const me = () => get(`${sim.url}/v1/me`, token);

  before(async () => {
    sim = await startSpotifySim({
      seed: 5,
      accounts: 1,
      clock: { mode: 'manual', start: new Date('2026-06-01T00:00:00Z') },
    });
    token = await accessTokenFor(sim, sim.accounts()[0]!.id);
  });
  beforeEach(() => sim.faults.clear());
  after(() => sim.stop());

  test('rateLimit: 429 with an integer Retry-After and the error body, until cleared', async () => {
    sim.faults.rateLimit({ retryAfterSeconds: 7, forMs: 600_000 });
    const limited = await me();
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    assertValid(openapi.inline({ $ref: '#/definitions/ErrorObject' }), limited.json.error, '429 body');
    assert.equal(limited.json.error.status, 429);
    sim.faults.clear();
    assert.equal((await me()).status, 200);
  });

  test('rateLimit can send an empty body, as Spotify sometimes does', async () => {
    sim.faults.rateLimit({ retryAfterSeconds: 1, emptyBodyShare: 1 });
    const limited = await me();
    assert.equal(limited.status, 429);
    assert.equal(limited.text, '');
    assert.equal(limited.headers.get('retry-after'), '1');
  });

  test('rateLimitWindow: beyond N requests per rolling 30 s → 429 with the seconds until the window frees', async () => {
    sim.faults.rateLimitWindow({ maxRequestsPer30s: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await me()).status);
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    const limited = await me();
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(
      Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 30,
      `Retry-After ${retryAfter}`,
    );
  });

  test('serverErrors: the next N Web API responses fail, then it recovers', async () => {
    sim.faults.serverErrors({ status: 503, count: 2 });
    const statuses = [(await me()).status, (await me()).status, (await me()).status];
    assert.deepEqual(statuses, [503, 503, 200]);
    sim.faults.serverErrors({ status: 502, count: 1 });
    const bad = await me();
    assert.deepEqual(bad.json, { error: { status: 502, message: 'Bad gateway.' } });
  });

  test('slow: delayed responses still arrive whole', async () => {
    sim.faults.slow({ delayMs: 50, count: 2 });
    const [a, b, c] = await Promise.all([me(), me(), me()]);
    assert.deepEqual([a.status, b.status, c.status], [200, 200, 200]);
  });

  test('expireAccessTokens: every issued token answers 401 "The access token expired"', async () => {
    const mine = await accessTokenFor(sim, sim.accounts()[0]!.id);
    sim.faults.expireAccessTokens();
    const res = await get(`${sim.url}/v1/me`, mine);
    assert.deepEqual(res.json, { error: { status: 401, message: 'The access token expired' } });
    token = await accessTokenFor(sim, sim.accounts()[0]!.id);
    assert.equal((await me()).status, 200, 'a fresh token works');
  });

  test('fault options are validated', () => {
    assert.throws(() => sim.faults.serverErrors({ status: 504 as 503, count: 1 }), /500, 502 or 503/);
    assert.throws(() => sim.faults.rateLimitWindow({ maxRequestsPer30s: 0 }), /maxRequestsPer30s/);
    assert.throws(() => sim.faults.revoke('nobody'), /no simulated account/);
  });

  test('stats count every response by status', async () => {
    const beforeStats = sim.stats();
    sim.faults.serverErrors({ status: 500, count: 1 });
    await me();
    await me();
    const afterStats = sim.stats();
    assert.equal(afterStats.requests, beforeStats.requests + 2);
    assert.equal(afterStats.byStatus['500'], (beforeStats.byStatus['500'] ?? 0) + 1);
  });
});

test('stop is idempotent and refuses new connections', async () => {
  const sim = await startSpotifySim({ accounts: 1 });
  await Promise.all([sim.stop(), sim.stop()]);
  await sim.stop();
  await assert.rejects(fetch(`${sim.url}/v1/me`));
});
