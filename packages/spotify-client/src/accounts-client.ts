import { errorForResponse } from './classify-response.ts';
import { SpotifyNetworkError, SpotifyRequestError } from './errors.ts';

export interface TokenResponse {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  /** Present when Spotify issued a new refresh token (rotation); store it, the old may stop working. */
  readonly refreshToken: string | undefined;
  readonly scope: string;
}

export interface AccountsClientOptions {
  readonly accountsUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly fetch?: typeof fetch;
}

/**
 * The Accounts service's token endpoint (`/api/token`): the authorization-code exchange at linking,
 * the refresh-token grant before polls, and the client-credentials grant for catalogue lookups that
 * act for no user. Client authentication is HTTP Basic, as for a confidential app.
 */
export class AccountsClient {
  readonly #options: AccountsClientOptions;
  readonly #tokenUrl: string;

  constructor(options: AccountsClientOptions) {
    this.#options = options;
    this.#tokenUrl = new URL('/api/token', options.accountsUrl).toString();
  }

  get authorizeUrl(): string {
    return new URL('/authorize', this.#options.accountsUrl).toString();
  }

  refresh(refreshToken: string, accountId?: string): Promise<TokenResponse> {
    return this.#token({ grant_type: 'refresh_token', refresh_token: refreshToken }, accountId);
  }

  /** An app token (no user): enough for catalogue endpoints such as /v1/tracks. */
  clientCredentials(): Promise<TokenResponse> {
    return this.#token({ grant_type: 'client_credentials' });
  }

  exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<TokenResponse> {
    return this.#token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    });
  }

  async #token(form: Record<string, string>, accountId?: string): Promise<TokenResponse> {
    const { clientId, clientSecret, fetch: fetchImpl = fetch } = this.#options;
    let response: Response;
    try {
      response = await fetchImpl(this.#tokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(form).toString(),
      });
    } catch (error) {
      throw new SpotifyNetworkError('Spotify Accounts service unreachable', { cause: error });
    }
    if (!response.ok) throw await errorForResponse(response, 'accounts', accountId);
    const body = (await response.json()) as {
      access_token?: unknown;
      expires_in?: unknown;
      refresh_token?: unknown;
      scope?: unknown;
    };
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new SpotifyRequestError(response.status, 'token response lacks access_token or expires_in');
    }
    return {
      accessToken: body.access_token,
      expiresInSeconds: body.expires_in,
      refreshToken:
        typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : undefined,
      scope: typeof body.scope === 'string' ? body.scope : '',
    };
  }
}
