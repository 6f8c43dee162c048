import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpotifyApi } from '@spotify/web-api-ts-sdk';
import { startSpotifySim } from './index.ts';
import { refresh } from './testing/client.ts';

/** The poller talks through @spotify/web-api-ts-sdk; only the base URL may differ from the real API. */
test('@spotify/web-api-ts-sdk reads the profile, recently-played and tracks through a rewritten base URL', async () => {
  const sim = await startSpotifySim({
    seed: 21,
    accounts: 1,
    clock: { mode: 'manual', start: new Date('2026-04-05T20:00:00Z') },
  });
  try {
    const account = sim.accounts()[0]!;
    const token = (await refresh(sim, sim.linkAccount(account.id).refreshToken)).json;
    const sdk = SpotifyApi.withAccessToken('sim-client-id', token, {
      fetch: (url, init) => fetch(String(url).replace('https://api.spotify.com', sim.url), init),
    });
    const profile = await sdk.currentUser.profile();
    assert.equal(profile.id, account.id);
    assert.equal(profile.display_name, account.displayName);
    const page = await sdk.player.getRecentlyPlayedTracks(50);
    assert.equal(page.items.length, 50);
    const oldest = Number(page.cursors.before);
    const newer = await sdk.player.getRecentlyPlayedTracks(10, { type: 'after', timestamp: oldest });
    assert.equal(newer.items.length, 10);
    assert.ok(newer.items.every((item) => Date.parse(item.played_at) > oldest));
    const trackId = page.items.find((item) => !item.track.is_local)!.track.id;
    const track = await sdk.tracks.get(trackId);
    assert.equal(track.id, trackId);
    sim.faults.rateLimit({ retryAfterSeconds: 3 });
    await assert.rejects(sdk.currentUser.profile(), /rate limit/i);
  } finally {
    await sim.stop();
  }
});
