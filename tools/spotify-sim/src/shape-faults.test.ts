import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startSpotifySim } from './index.ts';
import type { SpotifySim } from './sim.ts';
import { accessTokenFor, get } from './testing/client.ts';

describe('recently-played shape faults', () => {
  let sim: SpotifySim;
  let tokens: string[];
  const recent = (i: number) => get(`${sim.url}/v1/me/player/recently-played?limit=50`, tokens[i]!);

  before(async () => {
    sim = await startSpotifySim({
      seed: 11,
      accounts: 2,
      clock: { mode: 'manual', start: new Date('2026-06-01T00:00:00Z') },
    });
    tokens = await Promise.all(sim.accounts().map((a) => accessTokenFor(sim, a.id)));
  });
  beforeEach(() => sim.faults.clear());
  after(() => sim.stop());

  test('messyShapes: real-traffic shapes for the chosen accounts only, the same each time, played_at kept', async () => {
    const [first, second] = sim.accounts();
    const clean = (await recent(0)).json;
    sim.faults.messyShapes({ accounts: [first!.id], share: 1, seed: 3 });
    const messy = (await recent(0)).json;
    assert.deepEqual((await recent(0)).json, messy, 'the same mess on every request');
    assert.deepEqual(
      [...new Set(messy.items.map((i: { played_at: string }) => i.played_at))],
      clean.items.map((i: { played_at: string }) => i.played_at),
      'every played_at kept (an item may come twice)',
    );
    assert.notDeepEqual(messy.items, clean.items);
    assert.ok(
      messy.items.some((i: { track: object }) => !('album' in i.track)),
      'an older shape without album',
    );
    assert.ok(
      messy.items.some((i: { context: { type?: unknown } | null }) => i.context && !i.context.type),
      'a context without a type',
    );
    const other = (await recent(1)).json;
    sim.faults.messyShapes(undefined);
    assert.deepEqual((await recent(1)).json.items, other.items, `account ${second!.id} is left alone`);
  });

  test('serveRecentlyPlayed serves a body verbatim; failAccount fails one account; the log names accounts', async () => {
    const [first, second] = sim.accounts();
    sim.faults.serveRecentlyPlayed(first!.id, { items: [{ weird: true }], next: null, cursors: null });
    assert.deepEqual((await recent(0)).json, { items: [{ weird: true }], next: null, cursors: null });
    sim.faults.failAccount(second!.id, 503);
    assert.equal((await recent(1)).status, 503);
    assert.equal((await recent(0)).status, 200);
    const log = sim.requests().slice(-2);
    assert.deepEqual(
      log.map((r) => [r.accountId, r.status, r.path]),
      [
        [second!.id, 503, '/v1/me/player/recently-played'],
        [first!.id, 200, '/v1/me/player/recently-played'],
      ],
    );
  });
});
