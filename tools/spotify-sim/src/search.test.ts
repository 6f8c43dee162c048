import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { simCatalogue } from './export/sim-catalogue.ts';
import { startSpotifySim } from './index.ts';
import type { SpotifySim } from './sim.ts';
import { accessTokenFor, basic, get, postForm } from './testing/client.ts';
import { assertValid, loadOpenApi } from './testing/openapi.ts';

const openapi = loadOpenApi();
const OPTIONS = {
  seed: 5,
  accounts: 1,
  clock: { mode: 'manual' as const, start: new Date('2026-02-01T00:00:00Z') },
};

describe('GET /v1/search and GET /v1/episodes/{id}', () => {
  let sim: SpotifySim;
  let appToken: string;
  let userToken: string;
  const catalogue = simCatalogue(OPTIONS);
  const show = catalogue.podcasts.shows.find((s) => s.availableMarkets.includes('SE'))!;
  const episode = catalogue.podcasts.episode(show.episodeIds[0]!)!;

  before(async () => {
    sim = await startSpotifySim(OPTIONS);
    const granted = await postForm(
      `${sim.url}/api/token`,
      { grant_type: 'client_credentials' },
      basic('sim-client-id', 'sim-client-secret'),
    );
    appToken = String(granted.json.access_token);
    userToken = await accessTokenFor(sim, sim.accounts()[0]!.id);
  });
  after(() => sim.stop());

  test('a track is found by its name and artist; the page is a PagingTrackObject', async () => {
    const track = catalogue.tracks.find((t) => t.id !== null)!;
    const artist = catalogue.artists.get(track.artistIds[0]!)!.name;
    const q = encodeURIComponent(`track:"${track.name}" artist:"${artist}"`);
    const res = await get(`${sim.url}/v1/search?q=${q}&type=track&limit=10`, appToken);
    assert.equal(res.status, 200);
    assertValid(openapi.strict('PagingTrackObject'), res.json.tracks, 'tracks page');
    assert.ok(res.json.tracks.items.some((t: { id: string }) => t.id === track.id));
    assert.equal(res.json.episodes, undefined, 'only the types asked for');
  });

  test('an episode is found by its name in a market its show is available in, and looked up with its show', async () => {
    const q = encodeURIComponent(episode.name);
    const found = await get(`${sim.url}/v1/search?q=${q}&type=track,episode&market=SE`, appToken);
    assert.equal(found.status, 200);
    assertValid(openapi.strict('PagingSimplifiedEpisodeObject'), found.json.episodes, 'episodes page');
    const item = found.json.episodes.items.find((e: { id: string }) => e.id === episode.id);
    assert.ok(item, 'the episode is in the results');
    assert.equal(item.show, undefined, 'search results carry no show');
    const lookup = await get(`${sim.url}/v1/episodes/${episode.id}?market=SE`, appToken);
    assert.equal(lookup.status, 200);
    assertValid(openapi.strict('EpisodeObject'), lookup.json, 'episode');
    assert.equal(lookup.json.show.name, show.name);
    // With a user token the user's country is the market.
    const asUser = await get(`${sim.url}/v1/search?q=${q}&type=episode`, userToken);
    assert.equal(asUser.status, 200);
  });

  test('without a market an app token finds no episode and cannot look one up', async () => {
    const q = encodeURIComponent(episode.name);
    const found = await get(`${sim.url}/v1/search?q=${q}&type=episode`, appToken);
    assert.equal(found.status, 200);
    assert.deepEqual(found.json.episodes.items, []);
    assert.equal((await get(`${sim.url}/v1/episodes/${episode.id}`, appToken)).status, 404);
  });

  test('bad requests: no query, an unknown type, a limit over 10', async () => {
    assert.equal((await get(`${sim.url}/v1/search?type=track`, appToken)).status, 400);
    assert.equal((await get(`${sim.url}/v1/search?q=x&type=song`, appToken)).status, 400);
    assert.equal((await get(`${sim.url}/v1/search?q=x&type=track&limit=11`, appToken)).status, 400);
    assert.equal((await get(`${sim.url}/v1/episodes/not-an-id?market=SE`, appToken)).status, 400);
  });
});
