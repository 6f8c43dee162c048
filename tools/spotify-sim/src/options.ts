import { NonRetriableError } from '@spotify-pipeline/runtime';
import type { ClockOptions } from './clock.ts';
import { redirectUriProblem } from './redirect-uris.ts';

export interface SpotifySimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Address to listen on; 127.0.0.1 by default, 0.0.0.0 in a container. */
  host?: string;
  /** Base URL that clients use, for the `href`/`next` links in responses; default http://host:port. */
  publicUrl?: string;
  seed?: number;
  accounts?: number;
  clientId?: string;
  clientSecret?: string;
  redirectUris?: string[];
  /** false: GET /v1/tracks?ids= answers 403, as for apps in development mode. */
  extendedQuota?: boolean;
  catalogueSize?: number;
  playsPerHour?: number;
  offlineShare?: number;
  clock?: ClockOptions;
  accessTokenTtlSeconds?: number;
  /** Simulated hours of listening before the clock's start (default 48), so a first poll finds a full page. */
  historyHours?: number;
}

export type ResolvedSimOptions = Required<Omit<SpotifySimOptions, 'clock' | 'publicUrl'>> & {
  clock: ClockOptions;
  publicUrl: string | undefined;
};

/** Options that make no sense: a programming mistake in the caller, so never retriable. */
export class SpotifySimOptionsError extends NonRetriableError {}

export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:8888/callback';

export function resolveOptions(options: SpotifySimOptions): ResolvedSimOptions {
  const problems: string[] = [];
  const int = (name: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max)
      problems.push(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  };
  const resolved: ResolvedSimOptions = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    seed: options.seed ?? 1,
    accounts: options.accounts ?? 5,
    clientId: options.clientId ?? 'sim-client-id',
    clientSecret: options.clientSecret ?? 'sim-client-secret',
    redirectUris: options.redirectUris ?? [DEFAULT_REDIRECT_URI],
    extendedQuota: options.extendedQuota ?? false,
    catalogueSize: options.catalogueSize ?? 2000,
    playsPerHour: options.playsPerHour ?? 14,
    offlineShare: options.offlineShare ?? 0.1,
    clock: options.clock ?? { mode: 'scaled', speed: 1 },
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    historyHours: options.historyHours ?? 48,
  };
  int('port', resolved.port, 0, 65535);
  int('seed', resolved.seed, 0, 2 ** 32 - 1);
  int('accounts', resolved.accounts, 1, 100_000);
  int('catalogueSize', resolved.catalogueSize, 10, 1_000_000);
  int('accessTokenTtlSeconds', resolved.accessTokenTtlSeconds, 1, 86_400 * 365);
  if (!(resolved.playsPerHour > 0 && resolved.playsPerHour <= 3600))
    problems.push(`playsPerHour must be in (0, 3600], got ${resolved.playsPerHour}`);
  if (!(resolved.offlineShare >= 0 && resolved.offlineShare <= 1))
    problems.push(`offlineShare must be in [0, 1], got ${resolved.offlineShare}`);
  if (!(resolved.historyHours >= 0)) problems.push(`historyHours must be >= 0, got ${resolved.historyHours}`);
  if (!resolved.clientId) problems.push('clientId must not be empty');
  if (!resolved.clientSecret) problems.push('clientSecret must not be empty');
  if (resolved.redirectUris.length === 0) problems.push('redirectUris must name at least one URI');
  for (const uri of resolved.redirectUris) {
    const problem = redirectUriProblem(uri);
    if (problem) problems.push(`redirect URI '${uri}' ${problem}`);
  }
  if (problems.length > 0)
    throw new SpotifySimOptionsError(`invalid spotify-sim options: ${problems.join('; ')}`);
  return resolved;
}
