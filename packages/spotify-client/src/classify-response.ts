import {
  SpotifyInvalidGrantError,
  SpotifyRateLimitedError,
  SpotifyRequestError,
  SpotifyServerError,
  SpotifyUnauthorizedError,
} from './errors.ts';

/** Used when a 429 carries no usable Retry-After: a pause long enough to matter, short enough to recover. */
export const DEFAULT_RETRY_AFTER_MS = 5_000;

/** Retry-After in seconds (Spotify's form) or as an HTTP date, to milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number {
  if (value === null || value.trim() === '') return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return DEFAULT_RETRY_AFTER_MS;
}

/** Spotify's error text from a Web API body `{"error":{"message"}}` or an Accounts body `{"error","error_description"}`. */
export function errorDetail(body: string): { code: string | undefined; message: string } {
  try {
    const parsed = JSON.parse(body) as {
      error?: string | { message?: string; status?: number };
      error_description?: string;
    };
    if (typeof parsed.error === 'string') {
      return { code: parsed.error, message: parsed.error_description ?? parsed.error };
    }
    if (parsed.error && typeof parsed.error.message === 'string')
      return { code: undefined, message: parsed.error.message };
  } catch {
    // not JSON: fall through to the raw text, cut short
  }
  return { code: undefined, message: body.slice(0, 200) || '(empty body)' };
}

/**
 * Turns a non-2xx Spotify response into a typed error. `kind` says which service answered: an
 * `invalid_grant` from the Accounts service means the user has to link again.
 */
export async function errorForResponse(
  response: Response,
  kind: 'api' | 'accounts',
  accountId?: string,
): Promise<Error> {
  const body = await response.text().catch(() => '');
  const { code, message } = errorDetail(body);
  const status = response.status;
  if (status === 429)
    return new SpotifyRateLimitedError(parseRetryAfter(response.headers.get('retry-after')));
  if (status >= 500) return new SpotifyServerError(status, message);
  if (kind === 'accounts' && code === 'invalid_grant')
    return new SpotifyInvalidGrantError(message, accountId);
  if (kind === 'api' && status === 401)
    return new SpotifyUnauthorizedError(`Spotify answered 401: ${message}`);
  return new SpotifyRequestError(status, code ? `${code}: ${message}` : message);
}
