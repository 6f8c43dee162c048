import type { RecentlyPlayedTracksPage, SpotifyApi, UserProfile } from '@spotify/web-api-ts-sdk';
import { SpotifyUnauthorizedError } from './errors.ts';
import { createSpotifyApi, type SpotifyApiOptions } from './spotify-api.ts';

export interface WebApiClientOptions extends SpotifyApiOptions {
  /** The access token for an account; called before every request. */
  readonly accessToken: (accountId: string) => Promise<string>;
  /** Called after a 401, before the one retry. */
  readonly invalidate: (accountId: string) => Promise<void>;
}

/**
 * The Web API on behalf of a user (see createSpotifyApi), with tokens from the shared provider. A
 * 401 drops the cached token and retries once with a fresh one.
 */
export class WebApiClient {
  readonly #options: WebApiClientOptions;

  constructor(options: WebApiClientOptions) {
    this.#options = options;
  }

  recentlyPlayed(accountId: string): Promise<RecentlyPlayedTracksPage> {
    return this.#withRefresh(accountId, (api) => api.player.getRecentlyPlayedTracks(50));
  }

  profile(accountId: string): Promise<UserProfile> {
    return this.#withRefresh(accountId, (api) => api.currentUser.profile());
  }

  /** The profile behind a token that is not cached yet (at linking). */
  profileWithToken(accessToken: string): Promise<UserProfile> {
    return createSpotifyApi(async () => accessToken, this.#options).currentUser.profile();
  }

  async #withRefresh<T>(accountId: string, call: (api: SpotifyApi) => Promise<T>): Promise<T> {
    const api = createSpotifyApi(() => this.#options.accessToken(accountId), this.#options);
    try {
      return await call(api);
    } catch (error) {
      if (!(error instanceof SpotifyUnauthorizedError)) throw error;
      await this.#options.invalidate(accountId);
      return call(api);
    }
  }
}
