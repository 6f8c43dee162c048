import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The variables the CLI needs to reach the pipeline `npm start` runs: where Kafka, Redis and the
 * warehouse are, the topic and key prefixes, the Spotify app (or the simulator standing in for it)
 * and the key that seals refresh tokens. Nothing else is recorded.
 */
export const CLI_SETTINGS = [
  'KAFKA_BROKERS',
  'TOPIC_PREFIX',
  'REDIS_URL',
  'REDIS_PREFIX',
  'DATABASE_URL',
  'MSSQL_URL',
  'WAREHOUSE_SCHEMA',
  'SPOTIFY_CLIENT_ID',
  'SPOTIFY_CLIENT_SECRET',
  'SPOTIFY_ACCOUNTS_URL',
  'SPOTIFY_API_URL',
  'SPOTIFY_REDIRECT_URI',
  'TOKEN_ENCRYPTION_KEY',
] as const;

/** KEY=value lines of the settings that are set, in CLI_SETTINGS order; no value spans lines. */
export function formatSettings(env: NodeJS.ProcessEnv): string {
  const lines = ['# Written by `npm start` for `spotify-pipeline`; the environment overrides any line.'];
  for (const name of CLI_SETTINGS) {
    const value = env[name];
    if (value !== undefined && value !== '' && !/[\r\n]/.test(value)) lines.push(`${name}=${value}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Records the settings where bin/spotify-pipeline reads them, readable by the owner only (the
 * token key and the client secret are in it), replaced whole so a reader never sees half a file.
 */
export function writeSettingsFile(path: string, env: NodeJS.ProcessEnv): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, formatSettings(env), { mode: 0o600 });
  renameSync(partial, path);
}
