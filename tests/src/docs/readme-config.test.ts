import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { glob } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/repo.ts';

/**
 * Every environment variable is declared as a key of a zod shape in a `config.ts` (or the runtime's
 * `config/common.ts`); the README's configuration table must name each one, so a variable added in
 * code without documentation fails here.
 */
async function declaredVariables(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const patterns = [
    'packages/*/src/**/config.ts',
    'packages/runtime/src/config/common.ts',
    'services/*/src/config.ts',
    'services/*/src/**/config.ts',
    'tools/*/src/config.ts',
    'tools/*/src/**/config.ts',
  ];
  for (const pattern of patterns) {
    for await (const file of glob(pattern, { cwd: REPO_ROOT })) {
      if (file.endsWith('.test.ts')) continue;
      const source = readFileSync(join(REPO_ROOT, file), 'utf8');
      for (const match of source.matchAll(/^\s+([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,}):\s/gm)) {
        found.set(match[1]!, file);
      }
    }
  }
  return found;
}

describe('README configuration table', () => {
  it('names every environment variable the code reads', async () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const variables = await declaredVariables();
    assert.ok(variables.size >= 10, `expected to find the declared variables, found ${variables.size}`);
    const missing = [...variables].filter(([name]) => !readme.includes(`\`${name}\``));
    assert.deepEqual(
      missing.map(([name, file]) => `${name} (${file})`),
      [],
      'variables missing from the README configuration table',
    );
  });
});
