import {
  type AccessTokenCache,
  type AccountsClient,
  SpotifyInvalidGrantError,
} from '@spotify-pipeline/spotify-client';
import type { TokenCipher } from '../crypto/token-cipher.ts';
import type { StateStore } from '../state/state-store.ts';

export interface AccessTokenProviderOptions {
  readonly cache: AccessTokenCache;
  readonly accounts: AccountsClient;
  readonly cipher: TokenCipher;
  readonly state: StateStore;
  /** Counted as a metric; `rotated` when Spotify issued a new refresh token. */
  readonly onRefresh?: (outcome: 'ok' | 'rotated' | 'failed') => void;
}

/**
 * Access tokens for polling: from the Redis cache shared by all instances, else by the refresh-token
 * grant. A rotated refresh token is written to the durable account state before the new access
 * token is used, so a crash cannot leave only the old (possibly dead) refresh token behind.
 */
export class AccessTokenProvider {
  readonly #options: AccessTokenProviderOptions;

  constructor(options: AccessTokenProviderOptions) {
    this.#options = options;
  }

  async accessToken(accountId: string): Promise<string> {
    const cached = await this.#options.cache.get(accountId);
    if (cached) return cached.accessToken;
    return this.#refresh(accountId);
  }

  /** After a 401: the cached token is dead for every instance. */
  invalidate(accountId: string): Promise<void> {
    return this.#options.cache.drop(accountId);
  }

  async #refresh(accountId: string): Promise<string> {
    const { state, cipher, accounts, cache, onRefresh } = this.#options;
    const account = state.account(accountId);
    if (!account) throw new SpotifyInvalidGrantError('account is not linked', accountId);
    if (account.status !== 'active')
      throw new SpotifyInvalidGrantError('account needs to be linked again', accountId);
    const refreshToken = cipher.open(account.sealedRefreshToken);
    let response: Awaited<ReturnType<AccountsClient['refresh']>>;
    try {
      response = await accounts.refresh(refreshToken, accountId);
    } catch (error) {
      onRefresh?.('failed');
      throw error;
    }
    const rotated = response.refreshToken !== undefined && response.refreshToken !== refreshToken;
    if (rotated) {
      await state.putAccount({
        ...account,
        sealedRefreshToken: cipher.seal(response.refreshToken!),
        updatedAt: Date.now(),
      });
    }
    onRefresh?.(rotated ? 'rotated' : 'ok');
    const token = await cache.set(accountId, response.accessToken, response.expiresInSeconds);
    return token.accessToken;
  }
}
