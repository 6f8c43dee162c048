import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSpotifySim } from './index.ts';
import type { SpotifySim } from './sim.ts';
import { accessTokenFor, get } from './testing/client.ts';
import { assertValid, loadOpenApi } from './testing/openapi.ts';

const openapi = loadOpenApi();
const START = new Date('2026-02-01T18:00:00.000Z');

describe('GET /v1/tracks', () => {
  let sim: SpotifySim;
  let quota: SpotifySim;
  let token: string;
  let quotaToken: string;
  let trackIds: string[];

  before(async () => {
    const options = {
      seed: 11,
      accounts: 2,
      offlineShare: 0,
      clock: { mode: 'manual' as const, start: START },
    };
    sim = await startSpotifySim(options);
    quota = await startSpotifySim({ ...options, extendedQuota: true });
    token = await accessTokenFor(sim, sim.accounts()[0]!.id);
    quotaToken = await accessTokenFor(quota, quota.accounts()[0]!.id);
    trackIds = [...new Set(sim.truth(sim.accounts()[0]!.id).flatMap((p) => (p.trackId ? [p.trackId] : [])))];
  });
  after(async () => {
    await sim.stop();
    await quota.stop();
  });

  test('/v1/tracks/{id} serves a TrackObject valid against the document, always', async () => {
    for (const id of trackIds.slice(0, 20)) {
      const res = await get(`${sim.url}/v1/tracks/${id}`, token);
      assert.equal(res.status, 200);
      assertValid(openapi.strict('TrackObject'), res.json, `track ${id}`);
      assert.equal(res.json.id, id);
      assert.equal(res.json.uri, `spotify:track:${id}`);
      assert.equal(res.json.href, `${sim.url}/v1/tracks/${id}`);
      assert.ok(res.json.artists.length >= 1);
    }
  });

  test('unknown ids are 404 "Resource not found"; malformed ids 400', async () => {
    const missing = await get(`${sim.url}/v1/tracks/0000000000000000000000`, token);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { error: { status: 404, message: 'Resource not found' } });
    const malformed = await get(`${sim.url}/v1/tracks/not-an-id`, token);
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json.error.status, 400);
  });

  test('/v1/tracks?ids= is 403 in development mode and served with extended quota (null for unknown ids)', async () => {
    const ids = trackIds.slice(0, 3);
    const denied = await get(`${sim.url}/v1/tracks?ids=${ids.join(',')}`, token);
    assert.equal(denied.status, 403);
    assert.equal(denied.json.error.status, 403);
    const served = await get(
      `${quota.url}/v1/tracks?ids=${[...ids, '0000000000000000000000'].join(',')}`,
      quotaToken,
    );
    assert.equal(served.status, 200);
    assert.deepEqual(
      served.json.tracks.map((t: { id: string } | null) => t?.id ?? null),
      [...ids, null],
    );
    for (const track of served.json.tracks.slice(0, 3))
      assertValid(openapi.strict('TrackObject'), track, 'batch track');
    const tooMany = await get(`${quota.url}/v1/tracks?ids=${Array(51).fill(ids[0]).join(',')}`, quotaToken);
    assert.equal(tooMany.status, 400);
  });

  test('the catalogue is multilingual and awkward: scripts, emoji, long names, several artists, local files', async () => {
    const big = await startSpotifySim({
      seed: 11,
      accounts: 5,
      clock: { mode: 'manual', start: START },
      historyHours: 24 * 30,
    });
    try {
      const names: string[] = [];
      const local: unknown[] = [];
      const multiArtist: unknown[] = [];
      const precisions = new Set<string>();
      const albumTypes = new Set<string>();
      for (const account of big.accounts()) {
        const access = await accessTokenFor(big, account.id);
        const page = await get(`${big.url}/v1/me/player/recently-played?limit=50`, access);
        assertValid(openapi.lenient('CursorPagingPlayHistoryObject'), page.json, 'page');
        for (const item of page.json.items) {
          names.push(
            item.track.name,
            item.track.album.name,
            ...item.track.artists.map((a: { name: string }) => a.name),
          );
          if (item.track.is_local) local.push(item.track);
          if (item.track.artists.length > 1) multiArtist.push(item.track);
          if (item.track.album.release_date_precision)
            precisions.add(item.track.album.release_date_precision);
          if (item.track.album.album_type) albumTypes.add(item.track.album.album_type);
        }
      }
      const all = names.join('\n');
      for (const [script, pattern] of Object.entries({
        cyrillic: /\p{Script=Cyrillic}/u,
        greek: /\p{Script=Greek}/u,
        arabic: /\p{Script=Arabic}/u,
        hebrew: /\p{Script=Hebrew}/u,
        cjk: /\p{Script=Han}|\p{Script=Hangul}|\p{Script=Hiragana}/u,
        devanagari: /\p{Script=Devanagari}/u,
        thai: /\p{Script=Thai}/u,
        diacritics: /[à-ÿ]/u,
      })) {
        assert.match(all, pattern, `names include ${script}`);
      }
      const truthTracks = big.accounts().flatMap((a) => big.truth(a.id));
      assert.ok(
        truthTracks.some((p) => p.isLocal && p.trackId === null),
        'the truth has local plays',
      );
      assert.ok(local.length > 0, 'a local file was served');
      assert.ok(multiArtist.length > 0);
      assert.deepEqual([...precisions].sort(), ['day', 'month', 'year']);
      assert.ok(albumTypes.size >= 2);
      for (const track of local as { id: null; href: null; uri: string }[]) {
        assert.equal(track.id, null);
        assert.equal(track.href, null);
        assert.match(track.uri, /^spotify:local:[^:]*:[^:]*:[^:]*:\d+$/);
      }
    } finally {
      await big.stop();
    }
  });
});
