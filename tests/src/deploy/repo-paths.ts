import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** The checkout's root: tests/src/deploy is three levels below it. */
export const repoRoot = resolve(import.meta.dirname, '../../..');

/** The reference specs (Compose schema, Tableau XSDs, Spotify OpenAPI), vendored with their licences. */
export const referenceRoot = resolve(repoRoot, 'reference');

export function repoPath(...parts: string[]): string {
  return resolve(repoRoot, ...parts);
}

/** Reads a reference file, failing with the path when it is missing. */
export async function readReference(relative: string): Promise<string> {
  const path = resolve(referenceRoot, relative);
  if (!existsSync(path)) {
    throw new Error(
      `reference file ${path} is missing; see ${referenceRoot}/README.md for what belongs there`,
    );
  }
  return readFile(path, 'utf8');
}
