import { envInt, parseEnv, serviceEnv, warehouseEnv } from '@spotify-pipeline/runtime';
import { z } from 'zod';

/**
 * What `npm start` itself reads. Everything else in the environment is passed through to the
 * services, which parse their own variables.
 */
export const launcherEnv = {
  LOG_LEVEL: serviceEnv.LOG_LEVEL,
  ...warehouseEnv,
  /** Set both to poll the real Spotify; leave both unset to run against the simulator. */
  SPOTIFY_CLIENT_ID: z.string().min(1).optional(),
  SPOTIFY_CLIENT_SECRET: z.string().min(1).optional(),
  /** The poller's port; it serves the `/callback` of the redirect URI registered with Spotify. */
  START_POLLER_PORT: envInt(1, 65535).default(8888),
  /** The port of the listening report's live page (http://127.0.0.1:PORT/). */
  START_REPORT_PORT: envInt(1, 65535).default(8080),
  /**
   * First port of the other services' /healthz /readyz /metrics: the normalizer gets it, the
   * sinks the ones after it (9465, 9466, ...).
   */
  START_OPS_PORT: envInt(1, 65535).default(9464),
  /** The simulator's port in demo mode (the same variable as the simulator's own). */
  SIM_PORT: envInt(0, 65535).default(8787),
  /** How many sink processes share the work (one consumer group). */
  START_SINKS: envInt(1, 16).default(1),
  /** Simulated listeners in demo mode. */
  START_DEMO_ACCOUNTS: envInt(1, 50).default(5),
  /** Simulated seconds per real second in demo mode: 60 turns an hour of listening into a minute. */
  START_DEMO_SPEED: z.coerce.number().positive().max(3600).default(60),
};

export type LauncherConfig = ReturnType<typeof loadLauncherConfig>;

export function loadLauncherConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = parseEnv(launcherEnv, env);
  const demo = config.SPOTIFY_CLIENT_ID === undefined && config.SPOTIFY_CLIENT_SECRET === undefined;
  return { ...config, demo };
}

/**
 * The launcher's whole environment: it hands it on to the services it starts (they parse what they
 * read themselves), with its own settings on top.
 */
export function launcherEnvironment(): NodeJS.ProcessEnv {
  return process.env;
}
