import { randomBytes } from 'node:crypto';

/** What a user agreed to: one account, some scopes, through a public (PKCE) or confidential client. */
export interface Grant {
  readonly accountId: string;
  readonly scopes: ReadonlySet<string>;
  /** PKCE grants may be refreshed with the client id alone; confidential ones need the secret. */
  readonly publicClient: boolean;
  refreshCount: number;
}

export interface AccessToken {
  readonly token: string;
  /** null for client-credentials tokens, which act for the app and no user. */
  readonly grant: Grant | null;
  readonly expiresAtMs: number;
  readonly epoch: number;
}

export interface RefreshToken {
  readonly token: string;
  readonly grant: Grant;
  readonly expiresAtMs: number;
  revoked: boolean;
}

export type AccessCheck =
  | { ok: true; token: AccessToken }
  | { ok: false; message: 'No token provided' | 'Invalid access token' | 'The access token expired' };

export type RefreshCheck =
  | { ok: true; token: RefreshToken }
  | { ok: false; description: 'Invalid refresh token' | 'Refresh token revoked' | 'Refresh token expired' };

/** Refresh tokens stop working six calendar months (simulated) after they were issued. */
export function refreshExpiry(issuedAtMs: number): number {
  const at = new Date(issuedAtMs);
  at.setUTCMonth(at.getUTCMonth() + 6);
  return at.getTime();
}

/** Spotify's tokens are opaque: "BQ…" access tokens and "AQ…" refresh tokens, URL-safe. */
function opaque(prefix: string): string {
  return prefix + randomBytes(96).toString('base64url');
}

/** Every access and refresh token the simulated Accounts service has issued, and their fate. */
export class TokenStore {
  readonly #access = new Map<string, AccessToken>();
  readonly #refresh = new Map<string, RefreshToken>();
  readonly #ttlMs: number;
  #epoch = 0;

  constructor(accessTokenTtlSeconds: number) {
    if (!(Number.isInteger(accessTokenTtlSeconds) && accessTokenTtlSeconds > 0)) {
      throw new RangeError(`accessTokenTtlSeconds must be a positive integer, got ${accessTokenTtlSeconds}`);
    }
    this.#ttlMs = accessTokenTtlSeconds * 1000;
  }

  get ttlSeconds(): number {
    return this.#ttlMs / 1000;
  }

  issueAccess(grant: Grant | null, nowMs: number): AccessToken {
    const token: AccessToken = {
      token: opaque('BQ'),
      grant,
      expiresAtMs: nowMs + this.#ttlMs,
      epoch: this.#epoch,
    };
    this.#access.set(token.token, token);
    return token;
  }

  issueRefresh(grant: Grant, nowMs: number): RefreshToken {
    const token: RefreshToken = {
      token: opaque('AQ'),
      grant,
      expiresAtMs: refreshExpiry(nowMs),
      revoked: false,
    };
    this.#refresh.set(token.token, token);
    return token;
  }

  checkAccess(authorization: string | undefined, nowMs: number): AccessCheck {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return { ok: false, message: 'No token provided' };
    const token = this.#access.get(match[1]!);
    if (!token) return { ok: false, message: 'Invalid access token' };
    if (token.epoch < this.#epoch || nowMs >= token.expiresAtMs)
      return { ok: false, message: 'The access token expired' };
    return { ok: true, token };
  }

  checkRefresh(value: string, nowMs: number): RefreshCheck {
    const token = this.#refresh.get(value);
    if (!token) return { ok: false, description: 'Invalid refresh token' };
    if (token.revoked) return { ok: false, description: 'Refresh token revoked' };
    if (nowMs >= token.expiresAtMs) return { ok: false, description: 'Refresh token expired' };
    return { ok: true, token };
  }

  /** Fault injection: every access token issued so far stops working at once. */
  expireAllAccess(): void {
    this.#epoch++;
  }

  /** The user removed the app's access: every refresh token of the account is dead. */
  revokeAccount(accountId: string): void {
    for (const token of this.#refresh.values()) {
      if (token.grant.accountId === accountId) token.revoked = true;
    }
  }
}
