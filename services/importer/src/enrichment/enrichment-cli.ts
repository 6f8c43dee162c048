import {
  assertReachable,
  NonRetriableError,
  parseEnv,
  redisDependency,
  warehouseDependency,
} from '@spotify-pipeline/runtime';
import { createWarehouse } from '@spotify-pipeline/warehouse';
import { ImportOptionsError } from '../import-options-error.ts';
import { type EnrichmentConfig, enrichmentEnv } from './enrichment-config.ts';
import { formatEnrichmentStatus, formatRunSummary } from './enrichment-status.ts';
import { runEnrichment } from './run-enrichment.ts';
import { startEnrichment } from './start-enrichment.ts';

export const ENRICHMENT_USAGE = `usage: spotify-pipeline enrichment <status|run>

  status   tracks of imported plays still to look up on Spotify, and how long that takes at the rate limit
  run      look each of them up once (under the rate limit shared with the poller) until none is left;
           Ctrl-C stops after the lookups in flight, and running it again goes on where it stopped`;

/** `spotify-pipeline enrichment status|run`; returns the exit code (0 done, 1 left undone, 130 stopped). */
export async function enrichmentCli(argv: readonly string[]): Promise<number> {
  const args = argv[0] === 'enrichment' ? argv.slice(1) : [...argv];
  const command = args[0];
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(ENRICHMENT_USAGE);
    return 0;
  }
  if (args.length !== 1 || (command !== 'status' && command !== 'run')) {
    throw new ImportOptionsError(`unknown enrichment command '${args.join(' ')}'\n\n${ENRICHMENT_USAGE}`);
  }
  const config = parseEnv(enrichmentEnv);
  await assertReachable([warehouseDependency(config), redisDependency(config.REDIS_URL)]);
  await assertWarehouseMigrated(config);
  const rate = {
    max: config.ENRICHMENT_RATE_LIMIT_MAX,
    durationMs: config.ENRICHMENT_RATE_LIMIT_DURATION_MS,
  };
  const handle = await startEnrichment(config, { worker: command === 'run' });
  try {
    if (command === 'status') {
      const counts = await handle.queueCounts().catch(() => undefined);
      console.log(formatEnrichmentStatus(await handle.progress(), counts, rate));
      return 0;
    }
    const controller = new AbortController();
    const onSignal = () => {
      process.stderr.write('\nstopping after the lookups in flight (run again to go on)\n');
      controller.abort();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const progress = await handle.progress();
    process.stderr.write(`${formatEnrichmentStatus(progress, undefined, rate).split('\n').at(-1)!.trim()}\n`);
    const summary = await runEnrichment(handle, {
      settleTimeoutMs: config.ENRICHMENT_SETTLE_TIMEOUT_MS,
      signal: controller.signal,
    });
    console.log(formatRunSummary(summary));
    if (summary.interrupted) return 130;
    return summary.remaining > 0 ? 1 : 0;
  } finally {
    await handle.stop();
  }
}

/** The enrichment reads columns of migration 007: refuse an older warehouse with the fix in the message. */
async function assertWarehouseMigrated(config: EnrichmentConfig): Promise<void> {
  const warehouse = createWarehouse(config);
  try {
    const pending = await warehouse.pendingMigrations();
    if (pending.length > 0) {
      throw new NonRetriableError(
        `warehouse schema '${warehouse.schema}' lacks migration(s) ${pending.map((m) => `${m.version}_${m.name}`).join(', ')}: run \`spotify-pipeline migrate\` first`,
      );
    }
  } finally {
    await warehouse.close();
  }
}
