import { randomBytes } from 'node:crypto';

/**
 * A name no other test (or earlier run) uses, for topic prefixes, consumer groups, Redis prefixes
 * and schemas: lower-case letters, digits and underscores, so it is valid in each of them.
 */
export function uniqueName(label: string): string {
  return `t_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
