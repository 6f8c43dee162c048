import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redirectUriProblem } from './redirect-uris.ts';

test('redirect URIs follow Spotify’s 2025 rules', () => {
  assert.equal(redirectUriProblem('http://127.0.0.1:8888/callback'), undefined);
  assert.equal(redirectUriProblem('http://[::1]:8888/callback'), undefined);
  assert.equal(redirectUriProblem('https://example.com/cb'), undefined);
  assert.match(redirectUriProblem('http://localhost:8888/callback') ?? '', /localhost/);
  assert.match(redirectUriProblem('https://localhost/cb') ?? '', /localhost/);
  assert.match(redirectUriProblem('http://example.com/cb') ?? '', /loopback/);
  assert.match(redirectUriProblem('not a url') ?? '', /absolute URL/);
  assert.match(redirectUriProblem('https://example.com/cb#x') ?? '', /fragment/);
});
