import { SpotifyApi } from '@spotify/web-api-ts-sdk';
import { errorForResponse } from './classify-response.ts';
import { SpotifyNetworkError } from './errors.ts';
import { ProvidedTokenStrategy } from './provided-token-strategy.ts';

const SPOTIFY_API_ORIGIN = 'https://api.spotify.com';

export interface SpotifyApiOptions {
  /** Base URL that replaces https://api.spotify.com (the simulator in tests). */
  readonly apiUrl: string;
  /** Every HTTP status Spotify answered, for metrics. */
  readonly onResponse?: (status: number) => void;
  readonly fetch?: typeof fetch;
}

/**
 * @spotify/web-api-ts-sdk with the SDK's defaults replaced where a server process needs more: a
 * fetch that can point at another origin and turns network failures into typed errors, a response
 * validator that turns refusals into typed errors (Retry-After included), and tokens from outside.
 */
export function createSpotifyApi(token: () => Promise<string>, options: SpotifyApiOptions): SpotifyApi {
  const { apiUrl, onResponse, fetch: fetchImpl = fetch } = options;
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
