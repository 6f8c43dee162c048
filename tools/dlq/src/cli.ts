import { parseArgs } from 'node:util';
import { createKafka, createLogger, topicsFor } from '@spotify-pipeline/runtime';
import { loadDlqConfig } from './config.ts';
import { readDeadLetters } from './read-dead-letters.ts';
import { replayDeadLetters } from './replay.ts';
import { summarizeByReason } from './summarize.ts';

const USAGE = `usage: spotify-pipeline dlq list
       spotify-pipeline dlq replay [--reason R] [--topic T] [--dry-run]`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    reason: { type: 'string' },
    topic: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const command = positionals[0];
if (command !== 'list' && command !== 'replay') {
  console.error(USAGE);
  process.exit(2);
}

const config = loadDlqConfig();
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
} else {
  const report = await replayDeadLetters(kafka, records, {
    reason: values.reason,
    sourceTopic: values.topic,
  });
  console.log(`replayed ${report.replayed} dead letter(s): ${JSON.stringify(report.byTopic)}`);
  if (report.withoutSource > 0)
    console.log(`${report.withoutSource} had no source topic header and were left alone`);
}
