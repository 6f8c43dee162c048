import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CatalogueClient, SpotifyRequestError } from '@spotify-pipeline/spotify-client';
import { isPodcastEpisode } from './name-search.ts';

type Answer = {
  tracks?: { name: string; artists: { name: string }[] }[];
  episodes?: { id: string; name: string }[];
  shows?: Record<string, string | 404>;
};

/** A catalogue answering from a table: the rule under test is what is done with the answers. */
function catalogue(answer: Answer): CatalogueClient & { lookups: string[] } {
  const lookups: string[] = [];
  return {
    lookups,
    searchTracksAndEpisodes: async () => ({ tracks: answer.tracks ?? [], episodes: answer.episodes ?? [] }),
    episode: async (id: string) => {
      lookups.push(id);
      const show = answer.shows?.[id];
      if (show === 404 || show === undefined) throw new SpotifyRequestError(404, 'Resource not found');
      return { id, show: { name: show } };
    },
  } as unknown as CatalogueClient & { lookups: string[] };
}

const name = { trackId: 'unresolved:x', trackName: 'Episode 3: Glass Hearts', artistName: 'The Neon Show' };

describe('isPodcastEpisode', () => {
  it('an episode of that name whose show has the artist name, any case and spacing', async () => {
    const c = catalogue({
      episodes: [
        { id: 'e1', name: 'episode 3:  glass hearts' },
        { id: 'e2', name: 'Episode 3: Glass Hearts' },
      ],
      shows: { e1: 'Another Show', e2: 'the neon  SHOW' },
    });
    assert.equal(await isPodcastEpisode(c, name, 'SE'), true);
    assert.deepEqual(c.lookups, ['e1', 'e2']);
  });

  it('a song of those names by that artist is music, without an episode lookup', async () => {
    const c = catalogue({
      tracks: [
        { name: 'Episode 3: Glass Hearts', artists: [{ name: 'Someone' }, { name: 'The Neon Show' }] },
      ],
      episodes: [{ id: 'e1', name: 'Episode 3: Glass Hearts' }],
      shows: { e1: 'The Neon Show' },
    });
    assert.equal(await isPodcastEpisode(c, name, 'SE'), false);
    assert.deepEqual(c.lookups, []);
  });

  it('an episode of another show, of another name, or gone (404) is not this play', async () => {
    const c = catalogue({
      episodes: [
        { id: 'e1', name: 'Episode 3: Glass Hearts' },
        { id: 'e2', name: 'Episode 4' },
        { id: 'e3', name: 'Episode 3: Glass Hearts' },
      ],
      shows: { e1: 'Another Show', e3: 404 },
    });
    assert.equal(await isPodcastEpisode(c, name, 'SE'), false);
    assert.deepEqual(c.lookups, ['e1', 'e3']);
  });

  it('looks up at most three episodes of the name', async () => {
    const episodes = Array.from({ length: 6 }, (_, i) => ({ id: `e${i}`, name: name.trackName }));
    const c = catalogue({ episodes, shows: { e5: 'The Neon Show' } });
    assert.equal(await isPodcastEpisode(c, name, 'SE'), false);
    assert.equal(c.lookups.length, 3);
  });

  it('any other failure is the caller’s to handle (429, 5xx)', async () => {
    const c = catalogue({ episodes: [{ id: 'e1', name: name.trackName }] });
    c.episode = async () => {
      throw new SpotifyRequestError(403, 'Forbidden');
    };
    await assert.rejects(isPodcastEpisode(c, name, 'SE'), { status: 403 });
  });
});
