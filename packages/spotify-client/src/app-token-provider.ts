import type { AccountsClient } from './accounts-client.ts';

/** Renew this long before Spotify's expiry, so a token never expires in the middle of a request. */
const RENEW_MARGIN_MS = 60_000;

/**
 * The app's own access token (client-credentials grant), for catalogue lookups that act for no
 * user. Kept in memory: any process holding the client secret can get one in one request, and no
 * user's credential is involved. Concurrent callers share one grant request.
 */
export class AppTokenProvider {
  readonly #accounts: AccountsClient;
  readonly #now: () => number;
  #token: { accessToken: string; renewAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(accounts: AccountsClient, now: () => number = Date.now) {
    this.#accounts = accounts;
    this.#now = now;
  }

  accessToken(): Promise<string> {
    if (this.#token && this.#token.renewAt > this.#now()) return Promise.resolve(this.#token.accessToken);
    this.#pending ??= this.#grant().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** After a 401: the token is dead, the next call asks for a new one. */
  invalidate(): void {
    this.#token = undefined;
  }

  async #grant(): Promise<string> {
    const response = await this.#accounts.clientCredentials();
    const lifetimeMs = response.expiresInSeconds * 1000;
    this.#token = {
      accessToken: response.accessToken,
      renewAt: this.#now() + Math.max(lifetimeMs - RENEW_MARGIN_MS, lifetimeMs / 2),
    };
    return response.accessToken;
  }
}
