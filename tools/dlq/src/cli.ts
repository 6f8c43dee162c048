import {
  assertReachable,
  createKafka,
  createLogger,
  kafkaDependency,
  parseCommandArgs,
  runCommand,
  topicsFor,
  UsageError,
} from '@spotify-pipeline/runtime';
import { loadDlqConfig } from './config.ts';
import { readDeadLetters } from './read-dead-letters.ts';
import { replayDeadLetters } from './replay.ts';
import { summarizeByReason } from './summarize.ts';

const USAGE = `usage: spotify-pipeline dlq list                                       count the dead letters by reason
       spotify-pipeline dlq replay [--reason R] [--topic T] [--dry-run]   send them back to their topic`;

async function main(): Promise<number> {
  const { positionals, values } = parseCommandArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      reason: { type: 'string' },
      topic: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('name a command: list or replay');
  if (command !== 'list' && command !== 'replay') throw new UsageError(`unknown command '${command}'`);
  if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
  if (command === 'list' && (values.reason !== undefined || values.topic !== undefined))
    throw new UsageError('--reason and --topic are options of replay, not of list');

  const config = loadDlqConfig();
  await assertReachable([kafkaDependency(config.KAFKA_BROKERS)]);
  const logger = createLogger('dlq', config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'dlq-cli', logger });
  const topic = topicsFor(config.TOPIC_PREFIX).deadLetter.name;
  const records = await readDeadLetters(kafka, topic);

  if (command === 'list' || values['dry-run']) {
    console.log(`${records.length} dead letter(s) in ${topic}`);
    for (const s of summarizeByReason(records)) {
      console.log(
        `  ${String(s.count).padStart(7)}  ${s.reason.padEnd(22)} from ${s.topics.join(', ') || '?'}  e.g. ${s.example}`,
      );
    }
    return 0;
  }
  const report = await replayDeadLetters(kafka, records, {
    reason: values.reason,
    sourceTopic: values.topic,
  });
  console.log(`replayed ${report.replayed} dead letter(s): ${JSON.stringify(report.byTopic)}`);
  if (report.withoutSource > 0)
    console.log(`${report.withoutSource} had no source topic header and were left alone`);
  return 0;
}

await runCommand('spotify-pipeline dlq', USAGE, main);
