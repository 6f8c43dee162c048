import { isRetriable, type Logger, retry } from '@spotify-pipeline/runtime';
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
/** How long one callback may hold a state while it completes the link. */
const CLAIM_TTL_MS = 60_000;

/**
 * Pending link states are bounded: anyone who reaches the port can ask for a link, and each one
 * is a Redis key for 10 minutes. A person links an account in a handful of tries.
 */
export const DEFAULT_PENDING_LIMITS = { total: 1_000, perClient: 10 } as const;

/**
 * Keeps a link state (its sealed verifier, 10 minutes) unless the bounds are reached. Atomic, so
 * concurrent requests cannot overshoot: expired entries leave both indexes first.
 * KEYS: state key, index of all states, index of the client's states.
 * ARGV: value, ttl ms, now ms, max total, max per client, member.
 */
const ADD_PENDING = `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[3])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return 1 end
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[5]) then return 2 end
local expires = tonumber(ARGV[3]) + tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], expires, ARGV[6])
redis.call('ZADD', KEYS[3], expires, ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return 0`;

/** Attempts, with backoff, of a step after the code exchange that failed transiently (a broker blink). */
const TRANSIENT_ATTEMPTS = 6;

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
  /** Bounds on pending link states; DEFAULT_PENDING_LIMITS by default. */
  readonly pendingLimits?: { readonly total: number; readonly perClient: number };
}

interface PendingLink {
  readonly sealedVerifier: string;
  readonly timeZone: string;
  /** Who asked (the remote address; `cli` for the command line), to release its bound. */
  readonly client?: string;
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

  /** `client` names who asks (the remote address), for the per-client bound on pending states. */
  async begin(timeZone?: string, client = 'cli'): Promise<{ url: string; state: string }> {
    const zone = timeZone ?? this.#o.defaultTimeZone;
    if (!isValidTimeZone(zone)) throw new LinkError(`time zone "${zone.slice(0, 64)}" is not an IANA zone`);
    const { verifier, challenge, state } = createPkce();
    const pending: PendingLink = { sealedVerifier: this.#o.cipher.seal(verifier), timeZone: zone, client };
    const limits = this.#o.pendingLimits ?? DEFAULT_PENDING_LIMITS;
    const { keys } = this.#o;
    const refused = await this.#o.redis.eval(
      ADD_PENDING,
      3,
      keys.pendingLink(state),
      keys.pendingLinks,
      keys.pendingLinksOf(client),
      JSON.stringify(pending),
      PENDING_TTL_MS,
      Date.now(),
      limits.total,
      limits.perClient,
      state,
    );
    if (refused === 1) throw new LinkError('too many links are pending; try again in a few minutes', 429);
    if (refused === 2)
      throw new LinkError('too many links pending from this address; finish one or wait 10 minutes', 429);
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

  /**
   * `callback` is the URL the browser was redirected to (path and query suffice). The state is
   * consumed only once the link is stored, or refused for good: a transient failure after the code
   * exchange (a broker electing a coordinator) is retried here first.
   */
  async complete(callback: URL): Promise<LinkedAccount> {
    const state = callback.searchParams.get('state');
    const code = callback.searchParams.get('code');
    const denied = callback.searchParams.get('error');
    if (!state) throw new LinkError('callback has no state');
    const { redis, keys } = this.#o;
    // One callback at a time per state (a double click): the claim expires on its own.
    const claim = `${keys.pendingLink(state)}:claim`;
    if ((await redis.set(claim, '1', 'PX', CLAIM_TTL_MS, 'NX')) !== 'OK') {
      throw new LinkError('this link is being completed already', 409);
    }
    try {
      const raw = await redis.get(keys.pendingLink(state));
      if (!raw) throw new LinkError('callback state is unknown, used or expired; start linking again');
      const pending = JSON.parse(raw) as PendingLink;
      // The outcome is kept a while under the state, for a `link` whose callback another process took.
      const result = keys.linkResult(state);
      try {
        const account = await this.#link(pending, denied, code);
        await this.#consume(state, pending);
        await redis.set(result, JSON.stringify({ accountId: account.id }), 'PX', PENDING_TTL_MS);
        return account;
      } catch (error) {
        if (!isTransient(error)) {
          await this.#consume(state, pending);
          const message = error instanceof Error ? error.message : String(error);
          await redis.set(result, JSON.stringify({ error: message }), 'PX', PENDING_TTL_MS).catch(() => {});
        }
        throw error;
      }
    } finally {
      await redis.del(claim).catch(() => undefined);
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

  async #link(pending: PendingLink, denied: string | null, code: string | null): Promise<LinkedAccount> {
    if (denied) throw new LinkError(`Spotify did not authorize the app: ${denied.slice(0, 100)}`, 403);
    if (!code) throw new LinkError('callback has no code');
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
    // The code is spent: what follows is retried here, or the person would have to link again.
    const again = <T>(doing: string, step: () => Promise<T>) =>
      retry(step, {
        attempts: TRANSIENT_ATTEMPTS,
        initialDelayMs: 200,
        maxDelayMs: 3_000,
        shouldRetry: isTransient,
        onRetry: (error, attempt) =>
          this.#o.logger.warn({ err: error, attempt, accountId: account.id }, `${doing} failed; retrying`),
      });
    await again('storing the linked account', () => this.#o.state.putAccount(account));
    await again('caching the access token', () =>
      this.#o.tokens.set(account.id, tokens.accessToken, tokens.expiresInSeconds),
    );
    await again('scheduling the account', () => this.#o.schedule(account.id));
    this.#o.logger.info(
      { accountId: account.id, timeZone: account.timeZone, relinked: Boolean(previous) },
      'account linked',
    );
    return account;
  }

  async #consume(state: string, pending: PendingLink): Promise<void> {
    const { redis, keys } = this.#o;
    await redis
      .multi()
      .del(keys.pendingLink(state))
      .zrem(keys.pendingLinks, state)
      .zrem(keys.pendingLinksOf(pending.client ?? 'cli'), state)
      .exec();
  }
}

/**
 * A failure worth another attempt: ours marked retriable, or kafkajs's (NOT_COORDINATOR, a lost
 * connection, a timed-out request say `retriable`), or a socket error.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof LinkError) return false;
  if (isRetriable(error)) return true;
  const e = error as { retriable?: unknown; name?: unknown; code?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.retriable === true) return true;
  if (
    typeof e.name === 'string' &&
    /^KafkaJS(Connection|NumberOfRetriesExceeded|RequestTimeout)/.test(e.name)
  )
    return true;
  if (typeof e.code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE)$/.test(e.code)) return true;
  return e.cause !== undefined && e.cause !== error && isTransient(e.cause);
}
