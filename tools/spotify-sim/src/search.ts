import type { Catalogue, CatalogueTrack } from './catalogue.ts';
import type { Episode } from './podcasts.ts';

/** The item types `GET /v1/search` accepts (OpenAPI `type` enum); the simulator serves two of them. */
export const SEARCH_TYPES = ['album', 'artist', 'playlist', 'track', 'show', 'episode', 'audiobook'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/**
 * The words of a query: field filters (`track:"Dancing Queen" artist:ABBA`) count as their values'
 * words, quotes go, case does not matter. Spotify's own matching is fuzzier; the simulator asks that
 * every word appear in the item, which is what a search by exact names needs.
 */
export function queryWords(q: string): string[] {
  return q
    .normalize('NFC')
    .toLowerCase()
    .replace(/\b(album|artist|track|year|upc|isrc|genre|tag):/g, ' ')
    .replace(/"/g, ' ')
    .split(/\s+/u)
    .filter((w) => w.length > 0);
}

const matches = (words: readonly string[], text: string) => {
  const haystack = text.normalize('NFC').toLowerCase();
  return words.every((w) => haystack.includes(w));
};

/** Catalogue tracks (not local files) whose name, artists and album hold every word. */
export function searchTracks(catalogue: Catalogue, words: readonly string[]): CatalogueTrack[] {
  if (words.length === 0) return [];
  return catalogue.tracks.filter((t) => {
    if (t.id === null) return false;
    const artists = t.artistIds.map((id) => catalogue.artists.get(id)?.name ?? '').join(' ');
    const album = t.albumId === null ? '' : (catalogue.albums.get(t.albumId)?.name ?? '');
    return matches(words, `${t.name} ${artists} ${album}`);
  });
}

/**
 * Episodes available in `market` whose name or show name holds every word. Without a market (an
 * app token and no `market` parameter) no episode is available: Spotify treats content as
 * unavailable when it knows neither a market nor the user's country.
 */
export function searchEpisodes(
  catalogue: Catalogue,
  words: readonly string[],
  market: string | null,
): Episode[] {
  if (words.length === 0 || market === null) return [];
  const { podcasts } = catalogue;
  return podcasts.episodes().filter((e) => {
    const show = podcasts.show(e.showId)!;
    return show.availableMarkets.includes(market) && matches(words, `${e.name} ${show.name}`);
  });
}
