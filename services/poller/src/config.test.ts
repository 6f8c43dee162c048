import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ConfigError } from '@spotify-pipeline/runtime';
import { loadPollerConfig } from './config.ts';

const base = { SPOTIFY_CLIENT_ID: 'id', SPOTIFY_CLIENT_SECRET: 'sec' };

function problems(env: Record<string, string>): string {
  try {
    loadPollerConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail('expected a ConfigError');
}

describe('loadPollerConfig', () => {
  it('decodes a hex or base64 key and applies defaults', () => {
    const key = randomBytes(32);
    const hex = loadPollerConfig({ ...base, TOKEN_ENCRYPTION_KEY: key.toString('hex') });
    const b64 = loadPollerConfig({ ...base, TOKEN_ENCRYPTION_KEY: key.toString('base64') });
    assert.deepEqual(hex.TOKEN_ENCRYPTION_KEY, key);
    assert.deepEqual(b64.TOKEN_ENCRYPTION_KEY, key);
    assert.equal(hex.SPOTIFY_REDIRECT_URI, 'http://127.0.0.1:8888/callback');
    assert.equal(hex.POLL_INTERVAL_ACTIVE_MS, 60_000);
    assert.equal(hex.POLL_INTERVAL_IDLE_MS, 600_000);
  });

  it('names a missing or short key without echoing it', () => {
    assert.match(problems(base), /TOKEN_ENCRYPTION_KEY: is required/);
    const short = randomBytes(16).toString('hex');
    const message = problems({ ...base, TOKEN_ENCRYPTION_KEY: short });
    assert.match(message, /TOKEN_ENCRYPTION_KEY: must be 32 bytes/);
    assert.ok(!message.includes(short));
  });

  it('rejects localhost redirects, idle intervals beyond the 50-play bound and unknown zones', () => {
    const env = { ...base, TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex') };
    assert.match(
      problems({ ...env, SPOTIFY_REDIRECT_URI: 'http://localhost:8888/callback' }),
      /SPOTIFY_REDIRECT_URI/,
    );
    assert.match(problems({ ...env, POLL_INTERVAL_IDLE_MS: String(25 * 60_000) }), /POLL_INTERVAL_IDLE_MS/);
    assert.match(problems({ ...env, DEFAULT_TIME_ZONE: 'Mars/Olympus' }), /DEFAULT_TIME_ZONE/);
    assert.match(
      problems({ ...env, POLL_INTERVAL_ACTIVE_MS: '90000', POLL_INTERVAL_IDLE_MS: '60000' }),
      /POLL_INTERVAL_ACTIVE_MS/,
    );
  });
});
