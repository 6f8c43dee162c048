import {
  assertReachable,
  ConfigError,
  checkTopics,
  createKafka,
  createLogger,
  ensureTopics,
  kafkaDependency,
  parseCommandArgs,
  runCommand,
  topicsFor,
  UsageError,
} from '@spotify-pipeline/runtime';
import { loadTopicsCliEnv, type TopicsCliEnv } from './config.ts';
import { formatTopicsReport, type TopicsOutcome, topicsOk } from './topics-report.ts';

const USAGE =
  'usage: spotify-pipeline topics [--prefix P] [--check]    create the Kafka topics, or with --check only verify them';

/**
 * Creates the pipeline's declared topics (idempotent) and reports drift; `--check` only reports and
 * exits 1 when a topic is missing or differs from its declaration. Never alters a topic.
 */
async function main(): Promise<number> {
  const { values: args, positionals } = parseCommandArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      prefix: { type: 'string' },
      check: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`topics takes no argument '${positionals[0]}'`);
  let env: TopicsCliEnv;
  try {
    env = loadTopicsCliEnv(args.prefix);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(
        `spotify-pipeline topics: ${error.message}${args.prefix === undefined ? '' : ' (TOPIC_PREFIX is --prefix)'}`,
      );
      return 2;
    }
    throw error;
  }
  await assertReachable([kafkaDependency(env.KAFKA_BROKERS)]);
  const specs = Object.values(topicsFor(env.TOPIC_PREFIX));
  const logger = createLogger('topics', 'warn');
  const admin = createKafka({
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID ?? 'spotify-pipeline-topics',
    logger,
  }).admin();
  await admin.connect();
  try {
    let outcome: TopicsOutcome;
    if (args.check) {
      outcome = { created: [], ...(await checkTopics(admin, specs)) };
    } else {
      const result = await ensureTopics(admin, specs);
      outcome = {
        created: result.created,
        existing: specs.map((s) => s.name).filter((n) => !result.created.includes(n)),
        missing: [],
        drift: result.drift,
      };
    }
    console.log(
      formatTopicsReport(
        specs.map((s) => s.name),
        outcome,
      ),
    );
    if (outcome.drift.length > 0) {
      console.log(
        "\ndrift is never fixed automatically: changing partitions or cleanup of a live topic is an operator's decision",
      );
    }
    return topicsOk(outcome, args.check === true) ? 0 : 1;
  } finally {
    await admin.disconnect();
  }
}

await runCommand('spotify-pipeline topics', USAGE, main);
