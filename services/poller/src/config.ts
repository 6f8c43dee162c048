import { hostname } from 'node:os';
import {
  ConfigError,
  type EnvOf,
  envInt,
  envLogLevel,
  envUrl,
  kafkaEnv,
  parseEnv,
  redisEnv,
  serviceEnv,
  topicsEnv,
} from '@spotify-pipeline/runtime';
import { z } from 'zod';
import { isValidTimeZone } from './time-zone.ts';

const MINUTE_MS = 60_000;

/**
 * Spotify's recently-played endpoint shows the last 50 plays, and only plays of 30 s or more. So
 * 50 new plays take at least 50 × 30 s = 25 min; an account polled at least every 25 min can never
 * lose a play off the end of the window. 20 min keeps a margin for a slow or rate-limited poll.
 */
export const MAX_IDLE_INTERVAL_MS = 20 * MINUTE_MS;

export const pollerEnv = {
  ...kafkaEnv,
  ...redisEnv,
  ...topicsEnv,
  ...serviceEnv,
  SPOTIFY_CLIENT_ID: z.string().min(1),
  SPOTIFY_CLIENT_SECRET: z.string().min(1),
  SPOTIFY_REDIRECT_URI: envUrl(['http', 'https'])
    .refine((v) => new URL(v).hostname !== 'localhost', {
      message: 'must use the loopback address 127.0.0.1, not localhost (Spotify rejects localhost)',
    })
    .default('http://127.0.0.1:8888/callback'),
  /**
   * Address the callback server of `spotify-pipeline link` listens on; default the redirect URI's
   * host. 0.0.0.0 in a container whose port is published on the host's 127.0.0.1 (compose).
   */
  LINK_CALLBACK_HOST: z.string().min(1).optional(),
  SPOTIFY_ACCOUNTS_URL: envUrl(['http', 'https']).default('https://accounts.spotify.com'),
  SPOTIFY_API_URL: envUrl(['http', 'https']).default('https://api.spotify.com'),
  /** 32 bytes, as base64 or 64 hex digits. Encrypts refresh tokens at rest in the state topic. */
  TOKEN_ENCRYPTION_KEY: z.string().refine((v) => decodeKey(v) !== undefined, {
    message: 'must be 32 bytes, given as base64 or as 64 hex digits',
  }),
  POLL_INTERVAL_ACTIVE_MS: envInt(100, MAX_IDLE_INTERVAL_MS).default(60_000),
  POLL_INTERVAL_IDLE_MS: envInt(100, MAX_IDLE_INTERVAL_MS).default(10 * MINUTE_MS),
  POLLER_CONCURRENCY: envInt(1, 256).default(8),
  /** At most MAX polls per DURATION_MS across every poller instance (one BullMQ queue limiter). */
  POLLER_RATE_LIMIT_MAX: envInt(1, 100_000).default(20),
  POLLER_RATE_LIMIT_DURATION_MS: envInt(1, 3_600_000).default(1_000),
  /**
   * How long a poll may hold its account's lock. A crashed poller blocks its account this long, and
   * a poll running longer may overlap the next (harmless: the cursor set dedupes within the window).
   */
  POLLER_LOCK_TTL_MS: envInt(1_000, 600_000).default(60_000),
  /** How often the durable account list is compared with the job schedulers in Redis. */
  POLLER_RECONCILE_INTERVAL_MS: envInt(100, 3_600_000).default(15_000),
  /** Names this instance's Kafka transactional producer; stable across restarts so that a restart fences its predecessor. */
  POLLER_INSTANCE_ID: z
    .string()
    .regex(/^[\w.-]+$/, 'letters, digits and . _ - only')
    .default(hostname().replace(/[^\w.-]/g, '-') || 'poller'),
  DEFAULT_TIME_ZONE: z
    .string()
    .refine(isValidTimeZone, { message: 'must be an IANA time zone, e.g. Europe/Berlin' })
    .default('UTC'),
};

export type PollerEnv = EnvOf<typeof pollerEnv>;

export interface PollerConfig extends Omit<PollerEnv, 'TOKEN_ENCRYPTION_KEY'> {
  readonly TOKEN_ENCRYPTION_KEY: Buffer;
}

/** Reads and checks the environment once; the key is returned decoded, never as the string. */
export function loadPollerConfig(env: NodeJS.ProcessEnv = process.env): PollerConfig {
  const parsed = parseEnv(pollerEnv, env);
  if (parsed.POLL_INTERVAL_ACTIVE_MS > parsed.POLL_INTERVAL_IDLE_MS) {
    throw new ConfigError([
      { variable: 'POLL_INTERVAL_ACTIVE_MS', problem: 'must not be greater than POLL_INTERVAL_IDLE_MS' },
    ]);
  }
  return { ...parsed, TOKEN_ENCRYPTION_KEY: decodeKey(parsed.TOKEN_ENCRYPTION_KEY)! };
}

export function decodeKey(value: string): Buffer | undefined {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, 'base64');
    if (bytes.length === 32) return bytes;
  }
  return undefined;
}

/** The operator's commands log warnings and errors only, unless LOG_LEVEL asks for more. */
export function cliLogLevel(env: NodeJS.ProcessEnv = process.env): string {
  return parseEnv({ LOG_LEVEL: envLogLevel.default('warn') }, env).LOG_LEVEL;
}
