import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSpotifySim } from './index.ts';
import type { SpotifySim } from './sim.ts';
import { accessTokenFor, get } from './testing/client.ts';
import { assertValid, loadOpenApi } from './testing/openapi.ts';

const HOUR = 3_600_000;
const START = new Date('2026-03-28T09:30:00.000Z'); // the weekend Europe switches to summer time
const openapi = loadOpenApi();

describe('GET /v1/me/player/recently-played', () => {
  let sim: SpotifySim;
  let accountId: string;
  let token: string;
  const rp = (query = '') => get(`${sim.url}/v1/me/player/recently-played${query}`, token);

  before(async () => {
    sim = await startSpotifySim({
      seed: 42,
      accounts: 3,
      offlineShare: 0.3,
      clock: { mode: 'manual', start: START },
    });
    accountId = sim.accounts()[0]!.id;
    token = await accessTokenFor(sim, accountId);
  });
  after(() => sim.stop());

  test('pages validate against CursorPagingPlayHistoryObject; tracks and contexts against their schemas', async () => {
    const page = await rp('?limit=50');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^application\/json/);
    assertValid(openapi.lenient('CursorPagingPlayHistoryObject'), page.json, 'recently-played page');
    assert.equal(page.json.items.length, 50);
    assert.equal(page.json.limit, 50);
    assert.equal(typeof page.json.cursors.after, 'string');
    assert.equal(page.json.total, undefined);
    const trackProps = openapi
      .properties('TrackObject')
      .filter((p) => !['is_playable', 'linked_from', 'restrictions'].includes(p));
    const albumProps = openapi.properties('SimplifiedAlbumObject').filter((p) => p !== 'restrictions');
    for (const item of page.json.items) {
      assert.match(item.played_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.deepEqual(Object.keys(item).sort(), ['context', 'played_at', 'track']);
      assert.deepEqual(Object.keys(item.track).sort(), trackProps.sort());
      assert.deepEqual(Object.keys(item.track.album).sort(), albumProps.sort());
      if (!item.track.is_local) assertValid(openapi.strict('TrackObject'), item.track, 'track');
      if (item.context !== null) assertValid(openapi.strict('ContextObject'), item.context, 'context');
    }
    const times = page.json.items.map((i: { played_at: string }) => Date.parse(i.played_at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'newest first',
    );
    assert.equal(page.json.cursors.after, String(times[0]));
    assert.equal(page.json.cursors.before, String(times.at(-1)));
  });

  test('serves only the newest 50 synced plays of >= 30 s: exactly what the ground truth predicts', async () => {
    const now = sim.clock.now().getTime();
    const expected = sim
      .truth(accountId)
      .filter((p) => p.msPlayed >= 30_000 && p.syncedAt.getTime() <= now)
      .map((p) => p.playedAt.toISOString())
      .reverse()
      .slice(0, 50);
    const first = await rp('?limit=50');
    assert.deepEqual(
      first.json.items.map((i: { played_at: string }) => i.played_at),
      expected,
    );
    // Nothing older than the 50 is reachable, even with a before cursor.
    const older = await rp(`?limit=50&before=${first.json.cursors.before}`);
    assert.equal(older.status, 200);
    assert.equal(older.json.items.length, 0);
    assert.equal(older.json.next, null);
    assert.equal(older.json.cursors, null);
  });

  test('limit defaults to 20; next walks back with before; after returns only newer plays', async () => {
    const page = await rp();
    assert.equal(page.json.limit, 20);
    assert.equal(page.json.items.length, 20);
    assert.ok(page.json.next);
    const nextUrl = new URL(page.json.next);
    assert.equal(nextUrl.searchParams.get('before'), page.json.cursors.before);
    const second = await get(page.json.next, token);
    assert.equal(second.json.items.length, 20);
    assert.ok(Date.parse(second.json.items[0].played_at) < Number(page.json.cursors.before));
    const newer = await rp(`?limit=50&after=${second.json.cursors.after}`);
    assert.equal(newer.json.items.length, 20);
    assert.deepEqual(newer.json.items, page.json.items);
  });

  test('rejects bad limits, after together with before, and non-numeric cursors with 400', async () => {
    for (const query of ['?limit=0', '?limit=51', '?limit=abc', '?limit=-1']) {
      const res = await rp(query);
      assert.equal(res.status, 400, query);
      assertValid(openapi.inline({ $ref: '#/definitions/ErrorObject' }), res.json.error, query);
    }
    const both = await rp('?after=1&before=2');
    assert.equal(both.status, 400);
    assert.equal(both.json.error.status, 400);
    assert.match(both.json.error.message, /after.*before/);
    assert.equal((await rp('?after=yesterday')).status, 400);
    assert.equal((await rp('?limit=1')).json.items.length, 1);
    assert.equal((await rp('?limit=50')).status, 200);
  });

  test('401 with Spotify’s body without a valid token; 403 without the scope', async () => {
    const none = await fetch(`${sim.url}/v1/me/player/recently-played`);
    assert.equal(none.status, 401);
    assert.deepEqual(await none.json(), { error: { status: 401, message: 'No token provided' } });
    const wrong = await get(`${sim.url}/v1/me/player/recently-played`, 'BQnot-a-token');
    assert.deepEqual(wrong.json, { error: { status: 401, message: 'Invalid access token' } });
    const noScope = await accessTokenFor(sim, sim.accounts()[1]!.id, ['user-read-private']);
    const forbidden = await get(`${sim.url}/v1/me/player/recently-played`, noScope);
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.json.error.status, 403);
  });
});

describe('a perfect poller over two simulated days', () => {
  test('sees every visible play once, never a short one, repeats once per play, offline plays late', async () => {
    const sim = await startSpotifySim({
      seed: 9,
      accounts: 2,
      offlineShare: 0.4,
      accessTokenTtlSeconds: 7 * 86_400,
      clock: { mode: 'manual', start: START },
    });
    try {
      const accountId = sim.accounts()[1]!.id;
      const token = await accessTokenFor(sim, accountId);
      const firstSeen = new Map<number, number>(); // played_at → sim time first seen
      let newestSeen = 0;
      const lateArrivals: number[] = [];
      for (let step = 0; step <= 2 * 24 * 4; step++) {
        if (step > 0) sim.clock.advance(HOUR / 4);
        const page = await get(`${sim.url}/v1/me/player/recently-played?limit=50`, token);
        assert.equal(page.status, 200);
        const times: number[] = page.json.items.map((i: { played_at: string }) => Date.parse(i.played_at));
        assert.equal(new Set(times).size, times.length, 'each play appears once on a page');
        for (const t of times) {
          if (!firstSeen.has(t)) {
            firstSeen.set(t, sim.clock.now().getTime());
            if (step > 0 && t < newestSeen) lateArrivals.push(t);
          }
        }
        newestSeen = Math.max(newestSeen, ...times);
      }
      const truth = sim.truth(accountId);
      const byTime = new Map(truth.map((p) => [p.playedAt.getTime(), p]));
      // Everything seen is in the truth, heard >= 30 s, and is what shown() reports.
      for (const t of firstSeen.keys()) {
        const play = byTime.get(t);
        assert.ok(play, `served play ${new Date(t).toISOString()} is in the truth`);
        assert.ok(play.msPlayed >= 30_000 && play.visible);
      }
      assert.deepEqual(
        sim.shown(accountId).map((d) => d.getTime()),
        [...firstSeen.keys()].sort((a, b) => a - b),
      );
      // Every visible play that reached Spotify after the first poll was seen.
      const missed = truth.filter(
        (p) =>
          p.visible &&
          p.syncedAt.getTime() > START.getTime() &&
          p.syncedAt <= sim.clock.now() &&
          !firstSeen.has(p.playedAt.getTime()),
      );
      assert.deepEqual(missed, []);
      assert.ok(
        truth.some((p) => p.msPlayed < 30_000 && !p.visible),
        'the truth holds short plays, never served',
      );
      // Repeats: the same track twice in a row is two plays, both served.
      const repeats = truth.filter(
        (p, i) => i > 0 && p.visible && truth[i - 1]!.visible && p.trackId === truth[i - 1]!.trackId,
      );
      assert.ok(repeats.length > 0, 'the seed produces repeats');
      for (const p of repeats) {
        if (p.playedAt > START) assert.ok(firstSeen.has(p.playedAt.getTime()));
      }
      // Offline plays arrive late, behind newer ones, with their original played_at.
      assert.ok(lateArrivals.length > 0, 'some plays showed up behind newer ones');
      for (const t of lateArrivals) {
        const play = byTime.get(t)!;
        assert.equal(play.offline, true);
        assert.ok(firstSeen.get(t)! >= play.syncedAt.getTime());
        assert.ok(play.syncedAt.getTime() > play.playedAt.getTime());
      }
    } finally {
      await sim.stop();
    }
  });
});
