import { type RecentlyPlayedTracksPage, SpotifyApi, type UserProfile } from '@spotify/web-api-ts-sdk';
import { errorForResponse } from './classify-response.ts';
import { SpotifyNetworkError, SpotifyUnauthorizedError } from './errors.ts';
import { ProvidedTokenStrategy } from './provided-token-strategy.ts';

const SPOTIFY_API_ORIGIN = 'https://api.spotify.com';

export interface WebApiClientOptions {
  /** Base URL that replaces https://api.spotify.com (the simulator in tests). */
  readonly apiUrl: string;
  /** The access token for an account; called before every request. */
  readonly accessToken: (accountId: string) => Promise<string>;
  /** Called after a 401, before the one retry. */
  readonly invalidate: (accountId: string) => Promise<void>;
  /** Every HTTP status Spotify answered, for metrics. */
  readonly onResponse?: (status: number) => void;
  readonly fetch?: typeof fetch;
}

/**
 * The Web API through @spotify/web-api-ts-sdk, with the SDK's defaults replaced where a server
 * process needs more: a fetch that can point at another origin and turns network failures into
 * typed errors, a response validator that turns refusals into typed errors (Retry-After included),
 * and an auth strategy that takes tokens from the shared provider. A 401 drops the cached token and
 * retries once with a fresh one.
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
    return this.#api(async () => accessToken).currentUser.profile();
  }

  async #withRefresh<T>(accountId: string, call: (api: SpotifyApi) => Promise<T>): Promise<T> {
    const api = this.#api(() => this.#options.accessToken(accountId));
    try {
      return await call(api);
    } catch (error) {
      if (!(error instanceof SpotifyUnauthorizedError)) throw error;
      await this.#options.invalidate(accountId);
      return call(api);
    }
  }

  #api(token: () => Promise<string>): SpotifyApi {
    const { apiUrl, onResponse, fetch: fetchImpl = fetch } = this.#options;
    const base = apiUrl.replace(/\/+$/, '');
    return new SpotifyApi(new ProvidedTokenStrategy(token), {
      fetch: async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        const target = url.startsWith(SPOTIFY_API_ORIGIN) ? base + url.slice(SPOTIFY_API_ORIGIN.length) : url;
        try {
          return await fetchImpl(target, init);
        } catch (error) {
          throw new SpotifyNetworkError(`Spotify Web API unreachable (${new URL(target).pathname})`, {
            cause: error,
          });
        }
      },
      responseValidator: {
        validateResponse: async (response: Response) => {
          onResponse?.(response.status);
          if (response.status < 200 || response.status >= 300) throw await errorForResponse(response, 'api');
        },
      },
      // The SDK's default handler would swallow nothing either; ours is explicit: rethrow typed errors.
      errorHandler: { handleErrors: async () => false },
    });
  }
}
