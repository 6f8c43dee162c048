import { resolve } from 'node:path';

/** The repository's root folder, wherever the tests are run from. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
