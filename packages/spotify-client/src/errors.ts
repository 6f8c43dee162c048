import { NonRetriableError, PipelineError, RetriableError } from '@spotify-pipeline/runtime';

/**
 * What can go wrong talking to Spotify, each saying whether another attempt can help. Messages carry
 * the HTTP status and Spotify's own error text, never a token, code or secret.
 */

/** 429: the app is over its rate limit; the whole app must wait `retryAfterMs`. */
export class SpotifyRateLimitedError extends RetriableError {
  readonly status = 429;
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, options: { cause?: unknown } = {}) {
    super(`Spotify rate limit reached; retry after ${retryAfterMs} ms`, options);
    this.retryAfterMs = retryAfterMs;
  }
}

/** 5xx: Spotify is having trouble; retry with backoff. */
export class SpotifyServerError extends RetriableError {
  readonly status: number;

  constructor(status: number, detail: string, options: { cause?: unknown } = {}) {
    super(`Spotify answered ${status}: ${detail}`, options);
    this.status = status;
  }
}

/** 401 on the Web API: the access token expired or was invalidated; refresh it and retry once. */
export class SpotifyUnauthorizedError extends RetriableError {
  readonly status = 401;
}

/** The refresh token was revoked or expired: only the user linking again can help. */
export class SpotifyInvalidGrantError extends NonRetriableError {
  readonly accountId: string | undefined;

  constructor(detail: string, accountId?: string, options: { cause?: unknown } = {}) {
    super(`Spotify refused the grant${accountId ? ` of account ${accountId}` : ''}: ${detail}`, options);
    this.accountId = accountId;
  }
}

/** The request never got an answer (connection refused or reset, DNS, timeout). */
export class SpotifyNetworkError extends RetriableError {}

/** Any other refusal (400, 403, 404, invalid_client ...): the request itself is wrong. */
export class SpotifyRequestError extends NonRetriableError {
  readonly status: number;

  constructor(status: number, detail: string, options: { cause?: unknown } = {}) {
    super(`Spotify refused the request (${status}): ${detail}`, options);
    this.status = status;
  }
}

export type SpotifyError =
  | SpotifyRateLimitedError
  | SpotifyServerError
  | SpotifyUnauthorizedError
  | SpotifyInvalidGrantError
  | SpotifyNetworkError
  | SpotifyRequestError;

export function isSpotifyError(error: unknown): error is SpotifyError {
  return error instanceof PipelineError && error.name.startsWith('Spotify');
}
