import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { repoPath } from './repo-paths.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface ComposeService {
  readonly image?: string;
  readonly build?: string | { context?: string; dockerfile?: string };
  readonly command?: string | string[];
  readonly entrypoint?: string | string[];
  readonly environment?: Record<string, string | number | null> | string[];
  readonly healthcheck?: { test?: string | string[]; disable?: boolean };
  readonly depends_on?: string[] | Record<string, { condition?: string; required?: boolean }>;
  readonly restart?: string;
  readonly profiles?: string[];
  readonly ports?: unknown[];
  readonly volumes?: (string | { type?: string; source?: string; target?: string })[];
  readonly container_name?: string;
  readonly hostname?: string;
  readonly [key: string]: unknown;
}

export interface ComposeFile {
  readonly services: Record<string, ComposeService>;
  readonly volumes?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export const composeText = await readFile(repoPath('docker-compose.yml'), 'utf8');

/** docker-compose.yml as Compose reads it: YAML 1.1 merge keys (`<<: *service`) resolved. */
export function loadCompose(text = composeText): ComposeFile {
  return parse(text, { merge: true }) as ComposeFile;
}

/** `environment:` as a map, whichever of the two spellings a service uses. */
export function environmentOf(service: ComposeService): Map<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return new Map(env.map((entry) => [entry.split('=')[0]!, entry.slice(entry.indexOf('=') + 1)] as const));
  }
  return new Map(
    Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)] as const),
  );
}

/** What the container runs: the entrypoint, when set, followed by the command. */
export function commandOf(service: ComposeService): string[] {
  const words = (value: string | string[] | undefined) =>
    Array.isArray(value) ? value : (value?.split(/\s+/) ?? []);
  return [...words(service.entrypoint), ...words(service.command)];
}

export function isOneShot(service: ComposeService): boolean {
  return service.restart === 'no';
}

/** Every `${NAME...}` or `$NAME` Compose would interpolate in the parsed values (`$$` is a literal $). */
export function interpolatedVariables(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const match of value.replace(/\$\$/g, '').matchAll(/\$(?:\{([A-Za-z_]\w*)|([A-Za-z_]\w*))/g)) {
      found.add((match[1] ?? match[2])!);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) interpolatedVariables(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) interpolatedVariables(item, found);
  }
  return found;
}

/** Names assigned in a dotenv file (`NAME=value` lines; comments and blank lines skipped). */
export function dotenvNames(text: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_]\w*)=(.*)$/.exec(line);
    if (match) names.set(match[1]!, match[2]!.trim());
  }
  return names;
}
