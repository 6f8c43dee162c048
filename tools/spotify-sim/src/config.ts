import { envBool, envInt, parseEnv, serviceEnv } from '@spotify-pipeline/runtime';
import { z } from 'zod';

/** The simulator's environment when it runs as a server (`node tools/spotify-sim/src/main.ts`). */
export const simEnv = {
  LOG_LEVEL: serviceEnv.LOG_LEVEL,
  SIM_PORT: envInt(0, 65535).default(8787),
  /** Address to listen on (0.0.0.0 in a container). */
  SIM_HOST: z.string().min(1).default('127.0.0.1'),
  /** Base URL clients use to reach the simulator, for the links in its responses. */
  SIM_PUBLIC_URL: z.url().optional(),
  SIM_SEED: envInt(0, 2 ** 32 - 1).default(1),
  SIM_ACCOUNTS: envInt(1, 100_000).default(5),
  /** Simulated seconds per real second. */
  SIM_SPEED: z.coerce.number().positive().default(1),
  /** ISO date-time the simulated clock starts at; default now. */
  SIM_START: z.iso.datetime({ offset: true }).optional(),
  SIM_CLIENT_ID: z.string().min(1).default('sim-client-id'),
  SIM_CLIENT_SECRET: z.string().min(1).default('sim-client-secret'),
  /** Comma-separated registered redirect URIs. */
  SIM_REDIRECT_URIS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .default(['http://127.0.0.1:8888/callback']),
  SIM_EXTENDED_QUOTA: envBool.default(false),
  SIM_CATALOGUE_SIZE: envInt(10, 1_000_000).default(2000),
  SIM_PLAYS_PER_HOUR: z.coerce.number().positive().max(3600).default(14),
  SIM_OFFLINE_SHARE: z.coerce.number().min(0).max(1).default(0.1),
  SIM_ACCESS_TOKEN_TTL_SECONDS: envInt(1, 31_536_000).default(3600),
};

export function loadSimConfig(env: NodeJS.ProcessEnv = process.env) {
  return parseEnv(simEnv, env);
}

/** `node tools/spotify-sim/src/link-listeners-cli.ts`: the simulated listeners link themselves. */
export const simLinkEnv = {
  LOG_LEVEL: serviceEnv.LOG_LEVEL,
  /** The poller whose /link and /callback the simulated listeners' "browser" visits. */
  SIM_LINK_POLLER_URL: z.url().default('http://127.0.0.1:8888'),
  /** How long to wait for the poller to answer /link (it may still be starting). */
  SIM_LINK_WAIT_MS: envInt(0, 600_000).default(120_000),
};

export function loadSimLinkConfig(env: NodeJS.ProcessEnv = process.env) {
  return parseEnv(simLinkEnv, env);
}
