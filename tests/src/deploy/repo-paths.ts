import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** The checkout's root: tests/src/deploy is three levels below it. */
export const repoRoot = resolve(import.meta.dirname, '../../..');

/** The shared reference specs live beside the checkout, not in it. */
export const referenceRoot = resolve(repoRoot, '../shared/reference');

export function repoPath(...parts: string[]): string {
  return resolve(repoRoot, ...parts);
}

/** Reads a reference file, failing with the path when it is missing (it is not part of the repo). */
export async function readReference(relative: string): Promise<string> {
  const path = resolve(referenceRoot, relative);
  if (!existsSync(path)) {
    throw new Error(
      `reference file ${path} is missing; it is expected beside the checkout (see ${referenceRoot}/README.md)`,
    );
  }
  return readFile(path, 'utf8');
}
