import type { SpotifySim } from '../sim.ts';

/** Small HTTP helpers for the simulator's own tests: what any client would send over the wire. */
export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read many different JSON bodies and assert on them directly
  json: any;
}

export async function request(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

export function postForm(
  url: string,
  form: Record<string, string>,
  authorization?: string,
): Promise<HttpResult> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (authorization) headers.authorization = authorization;
  return request(url, { method: 'POST', headers, body: new URLSearchParams(form) });
}

export async function refresh(sim: SpotifySim, refreshToken: string): Promise<HttpResult> {
  return postForm(
    `${sim.url}/api/token`,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    basic('sim-client-id', 'sim-client-secret'),
  );
}

/** Links the account and exchanges its refresh token for an access token, as the poller does. */
export async function accessTokenFor(sim: SpotifySim, accountId: string, scopes?: string[]): Promise<string> {
  const { refreshToken } = sim.linkAccount(accountId, scopes);
  const result = await refresh(sim, refreshToken);
  if (result.status !== 200) throw new Error(`refresh failed: ${result.status} ${result.text}`);
  return result.json.access_token as string;
}

export function get(url: string, accessToken: string): Promise<HttpResult> {
  return request(url, { headers: { authorization: `Bearer ${accessToken}` } });
}
