import { createLogger, loadConfigOrExit, runMain } from '@spotify-pipeline/runtime';
import { loadSimConfig } from './config.ts';
import { startSpotifySim } from './sim.ts';

const config = loadConfigOrExit('spotify-sim', () => loadSimConfig());
const logger = createLogger('spotify-sim', config.LOG_LEVEL);

await runMain('spotify-sim', logger, async () => {
  const sim = await startSpotifySim({
    port: config.SIM_PORT,
    host: config.SIM_HOST,
    ...(config.SIM_PUBLIC_URL ? { publicUrl: config.SIM_PUBLIC_URL } : {}),
    seed: config.SIM_SEED,
    accounts: config.SIM_ACCOUNTS,
    clientId: config.SIM_CLIENT_ID,
    clientSecret: config.SIM_CLIENT_SECRET,
    redirectUris: config.SIM_REDIRECT_URIS,
    extendedQuota: config.SIM_EXTENDED_QUOTA,
    catalogueSize: config.SIM_CATALOGUE_SIZE,
    playsPerHour: config.SIM_PLAYS_PER_HOUR,
    offlineShare: config.SIM_OFFLINE_SHARE,
    accessTokenTtlSeconds: config.SIM_ACCESS_TOKEN_TTL_SECONDS,
    clock: {
      mode: 'scaled',
      speed: config.SIM_SPEED,
      ...(config.SIM_START ? { start: new Date(config.SIM_START) } : {}),
    },
  });
  logger.info({ url: sim.url, accounts: sim.accounts() }, 'spotify-sim listening');
  console.log(sim.url);
  return sim;
});
