import { join, resolve } from 'node:path';
import { Closer, type Logger, waitUntil } from '@spotify-pipeline/runtime';
import { type SpotifySim, startSpotifySim } from '@spotify-pipeline/spotify-sim';
import { ChildService } from './child-service.ts';
import type { LauncherConfig } from './config.ts';
import { linkDemoAccounts } from './link-demo-accounts.ts';
import { localTokenKey } from './token-key.ts';
import { watchWarehouse } from './warehouse-watch.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
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
  env = process.env,
): Promise<Pipeline> {
  const closer = new Closer(logger);
  const pollerUrl = `http://127.0.0.1:${config.START_POLLER_PORT}`;
  const redirectUri = `${pollerUrl}/callback`;
  try {
    let sim: SpotifySim | undefined;
    const spotifyEnv: NodeJS.ProcessEnv = {};
    if (config.demo) {
      sim = await startSpotifySim({
        accounts: config.START_DEMO_ACCOUNTS,
        redirectUris: [redirectUri],
        clock: { mode: 'scaled', speed: config.START_DEMO_SPEED },
      });
      closer.add('spotify simulator', () => sim?.stop());
      logger.info(
        { simulator: sim.url, listeners: config.START_DEMO_ACCOUNTS, speed: config.START_DEMO_SPEED },
        `No SPOTIFY_CLIENT_ID/SPOTIFY_CLIENT_SECRET set: polling the Spotify SIMULATOR at ${sim.url} with ${config.START_DEMO_ACCOUNTS} simulated listeners (simulated time runs ${config.START_DEMO_SPEED}x). Set both to poll the real Spotify.`,
      );
      Object.assign(spotifyEnv, {
        SPOTIFY_CLIENT_ID: 'sim-client-id',
        SPOTIFY_CLIENT_SECRET: 'sim-client-secret',
        SPOTIFY_ACCOUNTS_URL: sim.url,
        SPOTIFY_API_URL: sim.url,
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

    const children: ChildService[] = [];
    const launch = (name: string, extra: NodeJS.ProcessEnv, path = entry(name)) => {
      const child = new ChildService(name, path, { ...serviceEnv, ...extra }, logger);
      children.push(child);
      child.exited.then((code) => {
        if (!closer.closing) logger.error({ service: name, code }, `${name} exited unexpectedly`);
      });
      return child;
    };
    // Stopped in reverse: the poller first (no new plays), the sinks last (they finish their batch).
    closer.add('services', () => Promise.all(children.map((c) => c.stop())));
    for (let i = 0; i < config.START_SINKS; i += 1) launch('sink', { HTTP_PORT: '0' });
    launch('normalizer', { HTTP_PORT: '0' });
    launch('poller', { HTTP_PORT: String(config.START_POLLER_PORT) });
    const reportUrl = `http://127.0.0.1:${config.START_REPORT_PORT}`;
    launch(
      'report',
      { HTTP_PORT: String(config.START_REPORT_PORT) },
      join(ROOT, 'packages/report/src/main.ts'),
    );

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
    logger.info({ report: `${reportUrl}/` }, `listening report: open ${reportUrl}/ in a browser`);
    logger.info('pipeline running; Ctrl-C stops it');
    return { sim, pollerUrl, stop: () => closer.close() };
  } catch (error) {
    await closer.close();
    throw error;
  }
}
