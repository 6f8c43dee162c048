import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { UPDATE_GOLDEN } from './test-env.ts';

/**
 * Compares each statement's text with `<dir><name>.sql`, failing on the first that differs or has
 * no file. With UPDATE_GOLDEN=1 it first rewrites the files (review the diff: that is the point).
 * `what` names the statements in messages, e.g. `postgres statement`.
 */
export async function assertGoldenFiles(
  dir: string,
  statements: Readonly<Record<string, string>>,
  what: string,
  diagnostic: (message: string) => void = () => undefined,
): Promise<void> {
  if (UPDATE_GOLDEN) {
    await mkdir(dir, { recursive: true });
    for (const [name, text] of Object.entries(statements)) await writeFile(`${dir}${name}.sql`, `${text}\n`);
    diagnostic(`rewrote ${Object.keys(statements).length} golden files in ${dir}`);
  }
  for (const [name, text] of Object.entries(statements)) {
    const golden = await readFile(`${dir}${name}.sql`, 'utf8').catch(() => {
      throw new Error(`no golden file for ${what} ${name}: run with UPDATE_GOLDEN=1 and review it`);
    });
    assert.equal(`${text}\n`, golden, `${what} ${name} differs from ${dir}${name}.sql`);
  }
}
