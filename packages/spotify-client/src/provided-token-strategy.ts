import type { AccessToken, IAuthStrategy } from '@spotify/web-api-ts-sdk';

/** An IAuthStrategy whose tokens come from outside; the SDK never redirects or refreshes itself. */
export class ProvidedTokenStrategy implements IAuthStrategy {
  readonly #token: () => Promise<string>;

  constructor(token: () => Promise<string>) {
    this.#token = token;
  }

  setConfiguration(): void {}

  async getOrCreateAccessToken(): Promise<AccessToken> {
    const accessToken = await this.#token();
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: '',
      expires: Number.MAX_SAFE_INTEGER,
    };
  }

  async getAccessToken(): Promise<AccessToken | null> {
    return this.getOrCreateAccessToken();
  }

  removeAccessToken(): void {}
}
