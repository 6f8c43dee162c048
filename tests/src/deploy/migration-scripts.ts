import { readdirSync, readFileSync } from 'node:fs';
import { repoPath } from './repo-paths.ts';

/** The migration scripts of one dialect, in version order (the order the migrator applies them). */
export function migrationScripts(dialect: 'mssql' | 'postgres'): string[] {
  const dir = repoPath('sql', dialect);
  return readdirSync(dir)
    .filter((name) => /^\d{3,}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => readFileSync(`${dir}/${name}`, 'utf8'));
}
