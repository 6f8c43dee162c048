import { join, resolve } from 'node:path';
import { Closer, type Logger, waitUntil } from '@spotify-pipeline/runtime';
import { type SpotifySim, startSpotifySim } from '@spotify-pipeline/spotify-sim';
import { ChildService } from './child-service.ts';
import type { LauncherConfig } from './config.ts';
import { linkDemoAccounts } from './link-demo-accounts.ts';
import { writeSettingsFile } from './settings-file.ts';
import { type ServiceEndpoint, stackKeptRunning, startupSummary } from './startup-summary.ts';
import { SupervisedService } from './supervised-service.ts';
import { localTokenKey } from './token-key.ts';
import { warehouseViews } from './warehouse-views.ts';
import { watchWarehouse } from './warehouse-watch.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
/** Where bin/spotify-pipeline reads the settings of the last `npm start`. */
export const SETTINGS_FILE = join(ROOT, '.cache', 'pipeline.env');
const entry = (service: string) => join(ROOT, 'services', service, 'src', 'main.ts');

export interface Pipeline {
  readonly sim: SpotifySim | undefined;
  readonly pollerUrl: string;
  stop(): Promise<void>;
}

/** Plays recently-played has served so far, by account, less local files (dead-lettered by design). */
function shownPlays(sim: SpotifySim): Map<string, Set<number>> {
  const now = sim.clock.now().getTime();
  const byAccount = new Map<string, Set<number>>();
  for (const { id } of sim.accounts()) {
    const shown = new Set(sim.shown(id).map((d) => d.getTime()));
    const plays = sim
      .truth(id)
      .filter((p) => !p.isLocal && p.syncedAt.getTime() <= now && shown.has(p.playedAt.getTime()))
      .map((p) => p.playedAt.getTime());
    byAccount.set(id, new Set(plays));
  }
  return byAccount;
}

/** Runs the whole pipeline on this machine: the simulator when no Spotify app is configured. */
export async function startPipeline(
  config: LauncherConfig,
  logger: Logger,
  env: NodeJS.ProcessEnv,
): Promise<Pipeline> {
  const closer = new Closer(logger);
  // Added first, so said last: after Ctrl-C, what is still running.
  closer.add('stack notice', () => logger.info(`services stopped; ${stackKeptRunning(config)}`));
  const pollerUrl = `http://127.0.0.1:${config.START_POLLER_PORT}`;
  const redirectUri = `${pollerUrl}/callback`;
  try {
    let sim: SpotifySim | undefined;
    const spotifyEnv: NodeJS.ProcessEnv = {};
    if (config.demo) {
      sim = await startSpotifySim({
        accounts: config.START_DEMO_ACCOUNTS,
        port: config.SIM_PORT,
        redirectUris: [redirectUri],
        clock: { mode: 'scaled', speed: config.START_DEMO_SPEED },
      });
      closer.add('spotify simulator', () => sim?.stop());
      logger.info(
        { simulator: sim.url, listeners: config.START_DEMO_ACCOUNTS, speed: config.START_DEMO_SPEED },
        `No SPOTIFY_CLIENT_ID/SPOTIFY_CLIENT_SECRET set: polling the Spotify SIMULATOR at ${sim.url} with ${config.START_DEMO_ACCOUNTS} simulated listeners (simulated time runs ${config.START_DEMO_SPEED}x). Set both to poll the real Spotify.`,
      );
      Object.assign(spotifyEnv, {
        ...sim.clientEnv(),
        // Simulated listeners play about a track a minute of real time; poll them accordingly.
        POLL_INTERVAL_ACTIVE_MS: env.POLL_INTERVAL_ACTIVE_MS ?? '5000',
        POLL_INTERVAL_IDLE_MS: env.POLL_INTERVAL_IDLE_MS ?? '20000',
      });
    } else {
      logger.info({ redirectUri }, 'polling the real Spotify; link accounts with `spotify-pipeline link`');
    }
    const serviceEnv: NodeJS.ProcessEnv = {
      ...env,
      ...spotifyEnv,
      SPOTIFY_REDIRECT_URI: env.SPOTIFY_REDIRECT_URI ?? redirectUri,
      TOKEN_ENCRYPTION_KEY:
        env.TOKEN_ENCRYPTION_KEY ?? localTokenKey(join(ROOT, '.cache', 'secrets', 'token-encryption-key')),
    };

    // `spotify-pipeline accounts`, `link`, `dlq list` ... reach this pipeline with no variables set.
    writeSettingsFile(SETTINGS_FILE, serviceEnv);

    const children: SupervisedService[] = [];
    const endpoints: ServiceEndpoint[] = [];
    const launch = (name: string, port: number, path = entry(name)) => {
      const extra = { HTTP_PORT: String(port) };
      const start = () => new ChildService(name, path, { ...serviceEnv, ...extra }, logger);
      children.push(new SupervisedService(name, start, logger));
      endpoints.push({ name, port });
    };
    // Stopped in reverse: the poller first (no new plays), the sinks last (they finish their batch).
    closer.add('services', () => Promise.all(children.map((c) => c.stop())));
    for (let i = 0; i < config.START_SINKS; i += 1) launch('sink', config.START_OPS_PORT + 1 + i);
    launch('normalizer', config.START_OPS_PORT);
    launch('poller', config.START_POLLER_PORT);
    launch('report', config.START_REPORT_PORT, join(ROOT, 'packages/report/src/main.ts'));

    await waitUntil(async () => (await fetch(`${pollerUrl}/readyz`)).ok, {
      what: `the poller ready at ${pollerUrl}/readyz`,
      timeoutMs: 90_000,
      intervalMs: 500,
    });
    if (sim) await linkDemoAccounts(sim, pollerUrl, logger);
    if (!config.MSSQL_URL) {
      const shown = sim ? () => shownPlays(sim) : undefined;
      closer.add(
        'warehouse watch',
        watchWarehouse(config.DATABASE_URL, config.WAREHOUSE_SCHEMA, logger, shown),
      );
    }
    const views = config.MSSQL_URL
      ? undefined
      : await warehouseViews(config.DATABASE_URL, config.WAREHOUSE_SCHEMA);
    for (const line of startupSummary(config, endpoints.toReversed(), views)) logger.info(line);
    logger.info('pipeline running; Ctrl-C stops it');
    return { sim, pollerUrl, stop: () => closer.close() };
  } catch (error) {
    await closer.close();
    throw error;
  }
}
