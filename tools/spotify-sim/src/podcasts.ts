import { makeName, makeTitle } from './names.ts';
import { SeededRandom, spotifyId } from './random.ts';

export interface Show {
  readonly id: string;
  readonly name: string;
  readonly publisher: string;
  readonly episodeIds: readonly string[];
  /** Markets the show is available in: an episode outside them is unavailable (search omits it). */
  readonly availableMarkets: readonly string[];
}

export interface Episode {
  readonly id: string;
  readonly showId: string;
  readonly name: string;
  readonly durationMs: number;
  readonly releaseDate: string;
  readonly explicit: boolean;
}

const MARKETS = ['DE', 'GB', 'SE', 'US', 'JP', 'BR', 'FR', 'IN'];

/**
 * Podcast shows and their episodes, from a seed of their own (the music catalogue's ids do not
 * change with them). An export of the years before 2023 writes an episode's play into the music
 * files with the show as `artistName` and the episode as `trackName`; these are what the
 * enrichment finds again by a name search.
 */
export class Podcasts {
  readonly shows: Show[] = [];
  readonly #episodes = new Map<string, Episode>();

  constructor(seed: number, showCount: number) {
    const random = new SeededRandom(seed ^ 0x9_0dca57);
    for (let s = 0; s < showCount; s++) {
      const showId = spotifyId(random);
      const name = random.chance(0.5) ? `${makeName(random)} Podcast` : `The ${makeTitle(random)} Show`;
      const episodeIds: string[] = [];
      const count = random.int(5, 30);
      for (let e = 1; e <= count; e++) {
        const episode: Episode = {
          id: spotifyId(random),
          showId,
          name: random.chance(0.7) ? `Episode ${e}: ${makeTitle(random)}` : `#${e} ${makeTitle(random)}`,
          durationMs: random.int(900_000, 7_200_000),
          releaseDate: `${random.int(2016, 2025)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
          explicit: random.chance(0.2),
        };
        this.#episodes.set(episode.id, episode);
        episodeIds.push(episode.id);
      }
      this.shows.push({
        id: showId,
        name,
        publisher: makeName(random),
        episodeIds,
        availableMarkets: MARKETS.filter(() => random.chance(0.85)),
      });
    }
  }

  episode(id: string): Episode | undefined {
    return this.#episodes.get(id);
  }

  show(id: string): Show | undefined {
    return this.shows.find((s) => s.id === id);
  }

  episodes(): Episode[] {
    return [...this.#episodes.values()];
  }
}
