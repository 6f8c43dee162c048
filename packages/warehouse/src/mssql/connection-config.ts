import { ConfigError } from '@spotify-pipeline/runtime';
import type sql from 'mssql';

const TRUE = new Set(['true', '1', 'yes']);

/**
 * Reads `mssql://user:password@host:port/database?encrypt=true&trustServerCertificate=false` (or
 * `sqlserver://`) into an mssql config. Encryption is on unless the URL turns it off; a local
 * container with a self-signed certificate needs `trustServerCertificate=true`.
 */
export function sqlServerConfig(url: string, poolMax = 4): sql.config {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError([
      { variable: 'MSSQL_URL', problem: 'must be a URL (mssql://user:password@host:port/database)' },
    ]);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!parsed.hostname || !database) {
    throw new ConfigError([{ variable: 'MSSQL_URL', problem: 'must name a host and a database' }]);
  }
  const flag = (name: string, fallback: boolean) => {
    const value = parsed.searchParams.get(name);
    return value === null ? fallback : TRUE.has(value.toLowerCase());
  };
  return {
    server: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 1433,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database,
    options: {
      encrypt: flag('encrypt', true),
      trustServerCertificate: flag('trustServerCertificate', false),
    },
    pool: { max: poolMax, min: 0 },
  };
}
