import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { envWith } from '@spotify-pipeline/test-support';
import { repoRoot } from './repo-paths.ts';

/**
 * A user's clone has nothing beside it (no ../shared, no sibling checkout): the tests that read
 * reference documents must find them inside the repository. Proven by running them from a copy of
 * the repository's files in a fresh temporary folder, where nothing but the copy exists.
 */

/** The tests that read reference documents (Compose schema, Tableau XSDs, Spotify OpenAPI). */
const READERS_OF_REFERENCE = [
  'tests/src/deploy/compose.test.ts',
  'tests/src/deploy/tableau.test.ts',
  'tools/spotify-sim/src/recently-played.test.ts',
];

/** Tracked files plus new ones not ignored: what a clone of this commit would hold. */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return out.split('\0').filter((f) => f !== '' && existsSync(join(repoRoot, f)));
}

test('no test source names a path outside the repository (../shared, /work/...)', () => {
  const outside = /(\.\.\/)+shared\b|['"`]\/work\//;
  const offenders = repositoryFiles()
    .filter((f) => /\.(test|int\.test|e2e\.test)\.ts$|\/(testing|support)\/.*\.ts$/.test(f))
    .filter((f) => f !== 'tests/src/deploy/self-contained.test.ts')
    .filter((f) => outside.test(readFileSync(join(repoRoot, f), 'utf8')));
  assert.deepEqual(offenders, [], 'these test files read outside the repository');
});

test('the tests reading reference documents pass from a copy with nothing beside it', () => {
  const parent = mkdtempSync(join(tmpdir(), 'clone-'));
  const clone = join(parent, 'spotify-pipeline');
  try {
    for (const file of repositoryFiles()) {
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(join(repoRoot, file), join(clone, file));
    }
    // Installed packages are not part of a clone; npm ci would make the same folder.
    symlinkSync(join(repoRoot, 'node_modules'), join(clone, 'node_modules'), 'dir');
    assert.equal(existsSync(join(parent, 'shared')), false);
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=dot', ...READERS_OF_REFERENCE], {
      cwd: clone,
      encoding: 'utf8',
      env: envWith({ NODE_TEST_CONTEXT: undefined }),
      timeout: 240_000,
    });
    assert.equal(run.status, 0, `tests failed in the copy at ${clone}:\n${run.stdout}\n${run.stderr}`);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
