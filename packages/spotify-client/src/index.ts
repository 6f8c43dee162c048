export {
  AccessTokenCache,
  type CachedAccessToken,
  EXPIRY_MARGIN_MS,
  type TokenKeyOf,
  type TokenSealer,
} from './access-token-cache.ts';
export { AccountsClient, type AccountsClientOptions, type TokenResponse } from './accounts-client.ts';
export { AppTokenProvider } from './app-token-provider.ts';
export { CatalogueClient, type CatalogueClientOptions, MAX_TRACK_IDS } from './catalogue-client.ts';
export {
  DEFAULT_RETRY_AFTER_MS,
  errorDetail,
  errorForResponse,
  parseRetryAfter,
} from './classify-response.ts';
export * from './errors.ts';
export { ProvidedTokenStrategy } from './provided-token-strategy.ts';
export { createSpotifyApi, type SpotifyApiOptions } from './spotify-api.ts';
export { WebApiClient, type WebApiClientOptions } from './web-api-client.ts';
