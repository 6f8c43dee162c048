import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/repo.ts';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

test('the installed kafkajs producer is byte for byte the patched copy in patches/', () => {
  const patched = join(REPO_ROOT, 'patches/kafkajs@2.2.4/src/producer/sendMessages.js');
  const installed = join(REPO_ROOT, 'node_modules/kafkajs/src/producer/sendMessages.js');
  assert.equal(sha256(installed), sha256(patched));
});

test('patching again is a no-op that succeeds (npm runs it on every install)', () => {
  const out = execFileSync(process.execPath, ['scripts/patch-dependencies.mjs'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  assert.equal(out, '');
});

test('npm runs the patch script after every install', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  assert.equal(manifest.scripts.postinstall, 'node scripts/patch-dependencies.mjs');
});
