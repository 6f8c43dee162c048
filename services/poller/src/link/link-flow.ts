import type { Logger } from '@spotify-pipeline/runtime';
import type { AccessTokenCache, AccountsClient, WebApiClient } from '@spotify-pipeline/spotify-client';
import type { Redis } from 'ioredis';
import type { TokenCipher } from '../crypto/token-cipher.ts';
import type { RedisKeys } from '../redis-keys.ts';
import type { LinkedAccount } from '../state/linked-account.ts';
import type { StateStore } from '../state/state-store.ts';
import { isValidTimeZone } from '../time-zone.ts';
import { LinkError } from './link-error.ts';
import { createPkce } from './pkce.ts';

export const LINK_SCOPES = ['user-read-recently-played', 'user-read-private'];
const PENDING_TTL_MS = 10 * 60_000;

export interface LinkFlowOptions {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly defaultTimeZone: string;
  readonly accounts: AccountsClient;
  readonly web: WebApiClient;
  readonly state: StateStore;
  readonly tokens: AccessTokenCache;
  readonly cipher: TokenCipher;
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly logger: Logger;
  /** Schedules polling of the newly linked account. */
  readonly schedule: (accountId: string) => Promise<void>;
}

interface PendingLink {
  readonly sealedVerifier: string;
  readonly timeZone: string;
}

/**
 * Authorization code with PKCE (S256) and state. `begin` gives the URL to send the user to; the
 * verifier waits in Redis (sealed, 10 minutes, single use) under the state, so any instance can
 * take the callback. `complete` checks the state, exchanges the code, reads the profile and stores
 * the account with its encrypted refresh token.
 */
export class LinkFlow {
  readonly #o: LinkFlowOptions;

  constructor(options: LinkFlowOptions) {
    this.#o = options;
  }

  async begin(timeZone?: string): Promise<{ url: string; state: string }> {
    const zone = timeZone ?? this.#o.defaultTimeZone;
    if (!isValidTimeZone(zone)) throw new LinkError(`time zone "${zone.slice(0, 64)}" is not an IANA zone`);
    const { verifier, challenge, state } = createPkce();
    const pending: PendingLink = { sealedVerifier: this.#o.cipher.seal(verifier), timeZone: zone };
    await this.#o.redis.set(this.#o.keys.pendingLink(state), JSON.stringify(pending), 'PX', PENDING_TTL_MS);
    const url = new URL(this.#o.accounts.authorizeUrl);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.#o.clientId,
      redirect_uri: this.#o.redirectUri,
      scope: LINK_SCOPES.join(' '),
      state,
      code_challenge_method: 'S256',
      code_challenge: challenge,
    }).toString();
    return { url: url.toString(), state };
  }

  /** `callback` is the URL the browser was redirected to (path and query suffice). */
  async complete(callback: URL): Promise<LinkedAccount> {
    const state = callback.searchParams.get('state');
    const code = callback.searchParams.get('code');
    const denied = callback.searchParams.get('error');
    if (!state) throw new LinkError('callback has no state');
    const raw = await this.#o.redis.getdel(this.#o.keys.pendingLink(state));
    if (!raw) throw new LinkError('callback state is unknown, used or expired; start linking again');
    // The outcome is kept a while under the state, for a `link` whose callback another process took.
    const result = this.#o.keys.linkResult(state);
    try {
      const account = await this.#finish(raw, code, denied);
      await this.#o.redis.set(result, JSON.stringify({ accountId: account.id }), 'PX', PENDING_TTL_MS);
      return account;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.#o.redis
        .set(result, JSON.stringify({ error: message }), 'PX', PENDING_TTL_MS)
        .catch(() => {});
      throw error;
    }
  }

  /**
   * How a link begun here ended when another process (a running poller on the redirect URI's port)
   * took its callback: the linked account's id, or the LinkError it failed with.
   */
  async awaitResult(
    state: string,
    { timeoutMs, intervalMs = 250 }: { timeoutMs: number; intervalMs?: number },
  ) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const raw = await this.#o.redis.get(this.#o.keys.linkResult(state));
      if (raw) {
        const result = JSON.parse(raw) as { accountId?: string; error?: string };
        if (result.accountId) return result.accountId;
        throw new LinkError(result.error ?? 'linking failed');
      }
      if (Date.now() >= deadline) throw new LinkError('no callback arrived in time', 408);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  async #finish(raw: string, code: string | null, denied: string | null): Promise<LinkedAccount> {
    if (denied) throw new LinkError(`Spotify did not authorize the app: ${denied.slice(0, 100)}`, 403);
    if (!code) throw new LinkError('callback has no code');
    const pending = JSON.parse(raw) as PendingLink;
    const verifier = this.#o.cipher.open(pending.sealedVerifier);
    const tokens = await this.#o.accounts.exchangeCode(code, this.#o.redirectUri, verifier);
    if (!tokens.refreshToken) throw new LinkError('Spotify returned no refresh token', 502);
    const profile = await this.#o.web.profileWithToken(tokens.accessToken);
    const now = Date.now();
    const previous = this.#o.state.account(profile.id);
    const account: LinkedAccount = {
      version: 1,
      id: profile.id,
      displayName: profile.display_name ?? null,
      country: profile.country ?? null,
      timeZone: pending.timeZone,
      sealedRefreshToken: this.#o.cipher.seal(tokens.refreshToken),
      status: 'active',
      linkedAt: previous?.linkedAt ?? now,
      updatedAt: now,
    };
    await this.#o.state.putAccount(account);
    await this.#o.tokens.set(account.id, tokens.accessToken, tokens.expiresInSeconds);
    await this.#o.schedule(account.id);
    this.#o.logger.info(
      { accountId: account.id, timeZone: account.timeZone, relinked: Boolean(previous) },
      'account linked',
    );
    return account;
  }
}
