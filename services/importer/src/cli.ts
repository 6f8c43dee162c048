import {
  assertReachable,
  createKafka,
  createLogger,
  EXIT_UNAVAILABLE,
  ensureTopics,
  kafkaDependency,
  parseEnv,
  topicsFor,
  UnreachableError,
} from '@spotify-pipeline/runtime';
import { parseImportArgs, USAGE } from './cli-args.ts';
import { importerEnv } from './config.ts';
import { enrichmentCli } from './enrichment/enrichment-cli.ts';
import { MissingInputError } from './export/open-export.ts';
import { ImportOptionsError } from './import-options-error.ts';
import { formatSummary } from './import-summary.ts';
import { ProgressBar } from './progress-bar.ts';
import { runImport } from './run-import.ts';

/**
 * `spotify-pipeline import <path...> --account <id>`: one import, progress on stderr, the summary
 * on stdout. Ctrl-C stops after the batch in flight is acknowledged; running the same command
 * again resumes. Exit codes: 0 done, 1 failed, 2 bad arguments, 3 done but some files unreadable,
 * 130 interrupted.
 */
async function main(): Promise<number> {
  if (process.argv[2] === 'enrichment') return enrichmentCli(process.argv.slice(2));
  const args = parseImportArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const env = parseEnv(importerEnv);
  const timeZone = args.timeZone ?? env.IMPORT_TIME_ZONE;
  if (!timeZone) {
    throw new ImportOptionsError(
      "--time-zone is required (or IMPORT_TIME_ZONE): the account's IANA zone decides the local dates of its plays",
    );
  }
  if (!args.dryRun) await assertReachable([kafkaDependency(env.KAFKA_BROKERS)]);
  // The summary is the command's output on stdout; logs go to stderr, with the progress bar.
  const logger = createLogger('importer', env.LOG_LEVEL, {}, 2);
  const controller = new AbortController();
  let signals = 0;
  const onSignal = () => {
    signals += 1;
    if (signals > 1) process.exit(130);
    process.stderr.write('\nstopping after the batch in flight is acknowledged (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const kafka = args.dryRun
    ? undefined
    : createKafka({
        brokers: env.KAFKA_BROKERS,
        clientId: env.KAFKA_CLIENT_ID ?? 'spotify-pipeline-importer',
        logger,
      });
  const topic = topicsFor(env.TOPIC_PREFIX).rawPlays;
  if (kafka) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [topic]);
    } finally {
      await admin.disconnect();
    }
  }
  const summary = await runImport({
    paths: args.paths,
    account: { id: args.account, time_zone: timeZone, display_name: null, country: null },
    minPlayMs: args.minPlayMs ?? env.IMPORT_MIN_PLAY_MS,
    skipIncognito: args.skipIncognito || env.IMPORT_SKIP_INCOGNITO,
    dryRun: args.dryRun,
    fresh: args.fresh,
    batchSize: env.IMPORT_BATCH_SIZE,
    ...(env.IMPORT_STATE_DIR ? { stateDir: env.IMPORT_STATE_DIR } : {}),
    ...(kafka ? { kafka, topic: topic.name } : {}),
    logger,
    progress: new ProgressBar(),
    signal: controller.signal,
  });
  console.log(formatSummary(summary));
  if (summary.interrupted) return 130;
  return summary.files.some((f) => f.status === 'failed') ? 3 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UnreachableError) {
      console.error(
        `spotify-pipeline ${process.argv[2] === 'enrichment' ? 'enrichment' : 'import'}: ${error.message}`,
      );
      process.exitCode = EXIT_UNAVAILABLE;
      return;
    }
    const usage =
      error instanceof ImportOptionsError ||
      error instanceof MissingInputError ||
      (error as Error)?.name === 'ConfigError';
    console.error(
      `spotify-pipeline ${process.argv[2] === 'enrichment' ? 'enrichment' : 'import'}: ${(error as Error)?.message ?? String(error)}`,
    );
    if (!usage && error instanceof Error && error.cause)
      console.error(`  caused by: ${String((error.cause as Error).message ?? error.cause)}`);
    if (!usage && process.argv[2] !== 'enrichment')
      console.error('  the checkpoint keeps what was acknowledged; run the same command again to resume');
    process.exitCode = usage ? 2 : 1;
  },
);
