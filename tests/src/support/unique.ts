import { randomBytes } from 'node:crypto';

/** A name no other test (or earlier run) uses: topic prefixes, groups, Redis prefixes, schemas. */
export function uniqueName(label: string): string {
  return `t_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
