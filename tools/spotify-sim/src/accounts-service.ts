import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SimClock } from './clock.ts';
import { KNOWN_SCOPES, parseScopes } from './scopes.ts';
import { htmlResponse, jsonResponse, redirectResponse, type SimResponse, textHtml } from './sim-response.ts';
import type { Grant, TokenStore } from './tokens.ts';

export interface RegisteredApp {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
}

interface AuthorizationCode {
  readonly accountId: string;
  readonly scopes: ReadonlySet<string>;
  readonly redirectUri: string;
  readonly codeChallenge: string | null;
  readonly expiresAtMs: number;
  used: boolean;
}

/** A valid /authorize request: what the consent page would show and where it sends the browser. */
type AuthorizeRequest =
  | { kind: 'page'; status: 400; message: string }
  | { kind: 'redirect'; redirectUri: string; state: string | null; error: string; description: string }
  | {
      kind: 'consent';
      redirectUri: string;
      state: string | null;
      scopes: string[];
      codeChallenge: string | null;
    };

/** Thrown by sim.approve() for an /authorize URL that Spotify answers with an error page, not a redirect. */
export class AuthorizeError extends Error {
  readonly status: number;
  constructor(message: string, status = 400) {
    super(message);
    this.name = 'AuthorizeError';
    this.status = status;
  }
}

const CODE_TTL_MS = 10 * 60_000;
const ROTATE_EVERY = 3;

const tokenError = (status: number, error: string, description: string) =>
  jsonResponse(status, { error, error_description: description });

/**
 * The Accounts service (accounts.spotify.com): /authorize and /api/token, with the authorization-code
 * flow (confidential or PKCE S256), refresh tokens and client credentials.
 */
export class AccountsService {
  readonly #app: RegisteredApp;
  readonly #tokens: TokenStore;
  readonly #clock: SimClock;
  readonly #accountIds: ReadonlySet<string>;
  readonly #codes = new Map<string, AuthorizationCode>();

  constructor(app: RegisteredApp, tokens: TokenStore, clock: SimClock, accountIds: ReadonlySet<string>) {
    this.#app = app;
    this.#tokens = tokens;
    this.#clock = clock;
    this.#accountIds = accountIds;
  }

  /** GET /authorize: the consent page (one "Agree" button per simulated listener), or an error. */
  authorizePage(url: URL): SimResponse {
    const request = this.#parseAuthorize(url.searchParams);
    if (request.kind === 'page') return htmlResponse(400, 'Error', `<h1>${textHtml(request.message)}</h1>`);
    if (request.kind === 'redirect') return redirectResponse(this.#errorRedirect(request));
    const hidden = [...url.searchParams].map(
      ([k, v]) => `<input type="hidden" name="${textHtml(k)}" value="${textHtml(v)}">`,
    );
    const buttons = [...this.#accountIds].map(
      (id) => `<button name="account_id" value="${textHtml(id)}">Agree as ${textHtml(id)}</button>`,
    );
    return htmlResponse(
      200,
      'Spotify simulator – authorize',
      `<p>The app asks for: ${textHtml(request.scopes.join(' ') || '(no scopes)')}</p>` +
        `<form method="post" action="/authorize/decision">${hidden.join('')}${buttons.join('<br>')}` +
        '<button name="deny" value="1">Cancel</button></form>',
    );
  }

  /** POST /authorize/decision: the consent form's submit, as a browser would send it. */
  decide(form: URLSearchParams): SimResponse {
    const accountId = form.get('account_id') ?? '';
    const deny = form.get('deny') === '1';
    form.delete('account_id');
    form.delete('deny');
    try {
      return redirectResponse(this.approve(form, accountId, deny));
    } catch (error) {
      if (error instanceof AuthorizeError)
        return htmlResponse(error.status, 'Error', `<h1>${textHtml(error.message)}</h1>`);
      throw error;
    }
  }

  /** The user clicked Agree (or Cancel): the URL the browser is redirected to. */
  approve(params: URLSearchParams, accountId: string, deny = false): string {
    const request = this.#parseAuthorize(params);
    if (request.kind === 'page') throw new AuthorizeError(request.message);
    if (request.kind === 'redirect') return this.#errorRedirect(request);
    if (deny) {
      return this.#errorRedirect({
        redirectUri: request.redirectUri,
        state: request.state,
        error: 'access_denied',
      });
    }
    if (!this.#accountIds.has(accountId))
      throw new AuthorizeError(`no simulated account with id '${accountId}'`);
    const code = randomBytes(96).toString('base64url');
    this.#codes.set(code, {
      accountId,
      scopes: new Set(request.scopes),
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      expiresAtMs: this.#clock.nowMs() + CODE_TTL_MS,
      used: false,
    });
    const target = new URL(request.redirectUri);
    target.searchParams.set('code', code);
    if (request.state !== null) target.searchParams.set('state', request.state);
    return target.toString();
  }

  /** POST /api/token. */
  token(
    headers: { authorization?: string | undefined; contentType?: string | undefined },
    body: string,
  ): SimResponse {
    const form = new URLSearchParams(
      headers.contentType?.startsWith('application/x-www-form-urlencoded') ? body : '',
    );
    const grantType = form.get('grant_type');
    if (!grantType) return tokenError(400, 'unsupported_grant_type', 'grant_type parameter is missing');
    const client = this.#authenticate(headers.authorization, form);
    if (client.kind === 'error') return client.response;
    switch (grantType) {
      case 'authorization_code':
        return this.#exchangeCode(form, client.kind === 'public');
      case 'refresh_token':
        return this.#refresh(form, client.kind === 'public');
      case 'client_credentials':
        if (client.kind === 'public') return tokenError(400, 'invalid_client', 'Invalid client secret');
        return this.#issue(null, false);
      default:
        return tokenError(
          400,
          'unsupported_grant_type',
          `grant_type must be client_credentials, authorization_code or refresh_token`,
        );
    }
  }

  /** Test shortcut: a grant as if the user went through /authorize with PKCE and the code was exchanged. */
  link(accountId: string, scopes: readonly string[]): string {
    if (!this.#accountIds.has(accountId)) throw new RangeError(`no simulated account with id '${accountId}'`);
    const unknown = scopes.filter((s) => !KNOWN_SCOPES.has(s));
    if (unknown.length > 0) throw new RangeError(`unknown scopes: ${unknown.join(', ')}`);
    const grant: Grant = { accountId, scopes: new Set(scopes), publicClient: true, refreshCount: 0 };
    return this.#tokens.issueRefresh(grant, this.#clock.nowMs()).token;
  }

  #parseAuthorize(params: URLSearchParams): AuthorizeRequest {
    if (params.get('client_id') !== this.#app.clientId)
      return { kind: 'page', status: 400, message: 'INVALID_CLIENT: Invalid client' };
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!this.#app.redirectUris.includes(redirectUri)) {
      return { kind: 'page', status: 400, message: 'INVALID_CLIENT: Invalid redirect URI' };
    }
    const state = params.get('state');
    const fail = (error: string, description: string): AuthorizeRequest => ({
      kind: 'redirect',
      redirectUri,
      state,
      error,
      description,
    });
    if (params.get('response_type') !== 'code')
      return fail('unsupported_response_type', 'response_type must be code');
    const scopes = parseScopes(params.get('scope'));
    if (scopes.some((s) => !KNOWN_SCOPES.has(s))) return fail('invalid_scope', 'Invalid scope');
    const method = params.get('code_challenge_method');
    const challenge = params.get('code_challenge');
    if (method !== null || challenge !== null) {
      if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
      if (!challenge || !/^[A-Za-z0-9_-]{43,128}$/.test(challenge))
        return fail('invalid_request', 'code_challenge is malformed');
    }
    return { kind: 'consent', redirectUri, state, scopes, codeChallenge: challenge };
  }

  #errorRedirect(request: { redirectUri: string; state: string | null; error: string }): string {
    const target = new URL(request.redirectUri);
    target.searchParams.set('error', request.error);
    if (request.state !== null) target.searchParams.set('state', request.state);
    return target.toString();
  }

  /** HTTP Basic, or client_id(+client_secret) in the form; client_id alone is a public PKCE client. */
  #authenticate(
    authorization: string | undefined,
    form: URLSearchParams,
  ): { kind: 'confidential' | 'public' } | { kind: 'error'; response: SimResponse } {
    let id: string | null = form.get('client_id');
    let secret: string | null = form.get('client_secret');
    let basic = false;
    const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (match) {
      const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return { kind: 'error', response: tokenError(400, 'invalid_client', 'Invalid client') };
      id = decoded.slice(0, colon);
      secret = decoded.slice(colon + 1);
      basic = true;
    }
    if (id !== this.#app.clientId) {
      return { kind: 'error', response: tokenError(basic ? 401 : 400, 'invalid_client', 'Invalid client') };
    }
    if (secret === null) return { kind: 'public' };
    const expected = Buffer.from(this.#app.clientSecret);
    const given = Buffer.from(secret);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { kind: 'error', response: tokenError(401, 'invalid_client', 'Invalid client secret') };
    }
    return { kind: 'confidential' };
  }

  #exchangeCode(form: URLSearchParams, publicClient: boolean): SimResponse {
    const code = this.#codes.get(form.get('code') ?? '');
    if (!code || code.used) return tokenError(400, 'invalid_grant', 'Invalid authorization code');
    // Single use: even a failed attempt burns the code, so a leaked code cannot be brute-forced.
    code.used = true;
    if (this.#clock.nowMs() >= code.expiresAtMs)
      return tokenError(400, 'invalid_grant', 'Authorization code expired');
    if (form.get('redirect_uri') !== code.redirectUri)
      return tokenError(400, 'invalid_grant', 'Invalid redirect URI');
    if (code.codeChallenge !== null) {
      const verifier = form.get('code_verifier');
      if (!verifier) return tokenError(400, 'invalid_request', 'code_verifier required');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (challenge !== code.codeChallenge)
        return tokenError(400, 'invalid_grant', 'code_verifier was incorrect');
    } else if (publicClient) {
      return tokenError(400, 'invalid_client', 'Invalid client secret');
    }
    const grant: Grant = {
      accountId: code.accountId,
      scopes: code.scopes,
      publicClient: code.codeChallenge !== null,
      refreshCount: 0,
    };
    return this.#issue(grant, true);
  }

  #refresh(form: URLSearchParams, publicClient: boolean): SimResponse {
    const value = form.get('refresh_token');
    if (!value) return tokenError(400, 'invalid_request', 'refresh_token must be supplied');
    const check = this.#tokens.checkRefresh(value, this.#clock.nowMs());
    if (!check.ok) return tokenError(400, 'invalid_grant', check.description);
    const grant = check.token.grant;
    if (publicClient && !grant.publicClient)
      return tokenError(400, 'invalid_client', 'Invalid client secret');
    grant.refreshCount++;
    // "A new refresh token might be returned too": every third refresh rotates it (the old one keeps working).
    return this.#issue(grant, grant.refreshCount % ROTATE_EVERY === 0);
  }

  #issue(grant: Grant | null, withRefresh: boolean): SimResponse {
    const now = this.#clock.nowMs();
    const access = this.#tokens.issueAccess(grant, now);
    const body: Record<string, unknown> = {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: this.#tokens.ttlSeconds,
    };
    if (grant !== null) {
      body.scope = [...grant.scopes].join(' ');
      if (withRefresh) body.refresh_token = this.#tokens.issueRefresh(grant, now).token;
    }
    return jsonResponse(200, body, { 'cache-control': 'no-store', pragma: 'no-cache' });
  }
}
