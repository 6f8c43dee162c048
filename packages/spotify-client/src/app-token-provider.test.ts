import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccountsClient, TokenResponse } from './accounts-client.ts';
import { AppTokenProvider } from './app-token-provider.ts';

function accounts(expiresInSeconds = 3600) {
  let grants = 0;
  const client = {
    clientCredentials: async (): Promise<TokenResponse> => {
      grants++;
      return { accessToken: `app-${grants}`, expiresInSeconds, refreshToken: undefined, scope: '' };
    },
  } as unknown as AccountsClient;
  return { client, grants: () => grants };
}

describe('AppTokenProvider', () => {
  it('asks once for concurrent callers and reuses the token until shortly before expiry', async () => {
    let now = 0;
    const a = accounts(3600);
    const provider = new AppTokenProvider(a.client, () => now);
    const tokens = await Promise.all([
      provider.accessToken(),
      provider.accessToken(),
      provider.accessToken(),
    ]);
    assert.deepEqual(tokens, ['app-1', 'app-1', 'app-1']);
    now = 3_600_000 - 61_000;
    assert.equal(await provider.accessToken(), 'app-1');
    now = 3_600_000 - 59_000;
    assert.equal(await provider.accessToken(), 'app-2', 'renewed inside the last minute');
    assert.equal(a.grants(), 2);
  });

  it('asks again after invalidate (a 401)', async () => {
    const a = accounts();
    const provider = new AppTokenProvider(a.client, () => 0);
    assert.equal(await provider.accessToken(), 'app-1');
    provider.invalidate();
    assert.equal(await provider.accessToken(), 'app-2');
  });
});
