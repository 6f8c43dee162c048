import type { Episode, Market, SimplifiedEpisode, SpotifyApi, Track } from '@spotify/web-api-ts-sdk';
import { SpotifyUnauthorizedError } from './errors.ts';
import { createSpotifyApi, type SpotifyApiOptions } from './spotify-api.ts';

/** Spotify's cap on ids per `GET /v1/tracks?ids=`. */
export const MAX_TRACK_IDS = 50;

export interface CatalogueClientOptions extends SpotifyApiOptions {
  /** An app (client-credentials) token; called before every request. */
  readonly accessToken: () => Promise<string>;
  /** Called after a 401, before the one retry. */
  readonly invalidate: () => void | Promise<void>;
}

/**
 * Catalogue lookups that act for no user. A track Spotify no longer serves is a
 * SpotifyRequestError with status 404 from `track`, and a null in its place from `tracks`.
 */
export class CatalogueClient {
  readonly #options: CatalogueClientOptions;
  readonly #api: SpotifyApi;

  constructor(options: CatalogueClientOptions) {
    this.#options = options;
    this.#api = createSpotifyApi(() => options.accessToken(), options);
  }

  /** `GET /v1/tracks/{id}`: open to every app. */
  track(id: string): Promise<Track> {
    return this.#withRefresh((api) => api.tracks.get(id));
  }

  /**
   * `GET /v1/tracks?ids=`: up to 50 at once, in the order asked, null where Spotify has none. Only
   * apps with extended quota may use it (others get 403 since 2026).
   */
  tracks(ids: readonly string[]): Promise<(Track | null)[]> {
    if (ids.length === 0 || ids.length > MAX_TRACK_IDS) {
      throw new RangeError(`CatalogueClient.tracks takes 1 to ${MAX_TRACK_IDS} ids, got ${ids.length}`);
    }
    return this.#withRefresh((api) => api.tracks.get([...ids]) as Promise<(Track | null)[]>);
  }

  /**
   * `GET /v1/search?type=track,episode`: the tracks and episodes a query finds (up to `limit` of each,
   * at most 10). Episodes need a market with an app token: without one Spotify treats them as
   * unavailable. Spotify may put null in place of an item it cannot serve; those are left out.
   */
  async searchTracksAndEpisodes(
    q: string,
    market: string,
    limit = 10,
  ): Promise<{ tracks: Track[]; episodes: SimplifiedEpisode[] }> {
    const result = await this.#withRefresh((api) =>
      api.search(q, ['track', 'episode'] as const, market as Market, limit as 10),
    );
    return {
      tracks: (result.tracks?.items ?? []).filter((t): t is Track => t !== null),
      episodes: (result.episodes?.items ?? []).filter((e): e is SimplifiedEpisode => e !== null),
    };
  }

  /** `GET /v1/episodes/{id}?market=`: the episode with its show; 404 when not available there. */
  episode(id: string, market: string): Promise<Episode> {
    return this.#withRefresh((api) => api.episodes.get(id, market as Market));
  }

  async #withRefresh<T>(call: (api: SpotifyApi) => Promise<T>): Promise<T> {
    try {
      return await call(this.#api);
    } catch (error) {
      if (!(error instanceof SpotifyUnauthorizedError)) throw error;
      await this.#options.invalidate();
      return call(this.#api);
    }
  }
}
