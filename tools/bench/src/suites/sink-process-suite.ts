import { codecs } from '@spotify-pipeline/avro';
import { ensureTopics, freePort, topicsFor, waitUntil } from '@spotify-pipeline/runtime';
import { SINK_TABLES } from '@spotify-pipeline/sink';
import { PostgresWarehouse } from '@spotify-pipeline/warehouse';
import type { BenchWorld } from '../bench-world.ts';
import { commandEnv } from '../config.ts';
import type { PlayFactSeries } from '../data/play-fact-series.ts';
import { committedCount } from '../kafka/group-progress.ts';
import { produceAll } from '../kafka/produce-all.ts';
import type { Check, Measurement } from '../report/results.ts';
import { ServiceProcess, serviceEntry } from '../services/service-process.ts';
import { produceCatalogue } from './sink-suite.ts';

/** The sink's peak resident set must stay under this at its default settings (issue 15, item 6). */
export const SINK_RSS_TARGET_BYTES = 400 * 1_048_576;
const RUN_TIMEOUT_MS = 15 * 60_000;

/**
 * The sink as `npm start` runs it, its own process with its defaults, through a backlog of every
 * fact at once (its heaviest load: full 20,000-record batches on every writer), timed until its
 * group committed the last offset. The process's VmHWM is its peak memory, nobody else's.
 */
export async function runSinkProcessSuite(
  world: BenchWorld,
  series: PlayFactSeries,
  cpuProfileDir?: string,
): Promise<{ measurements: Measurement[]; checks: Check[] }> {
  const prefix = world.prefix('sinkproc');
  const topics = topicsFor(prefix);
  const schema = world.schema('sinkproc');
  const warehouse = new PostgresWarehouse({ connectionString: world.databaseUrl, schema });
  let sink: ServiceProcess | undefined;
  try {
    await warehouse.migrate();
    await ensureTopics(world.admin, [...SINK_TABLES.map((t) => topics[t.topicId]), topics.deadLetter]);
    await produceCatalogue(world, topics, series.catalogue);
    await produceAll(world.producer, topics.plays.name, series.count, (i) => {
      const fact = series.at(i);
      return { key: fact.account_id, value: codecs.playFact.encode(fact) };
    });
    const groupId = world.groupId('sinkproc');
    const started = performance.now();
    sink = new ServiceProcess('sink', serviceEntry('sink'), {
      env: commandEnv({
        KAFKA_BROKERS: world.brokers.join(','),
        TOPIC_PREFIX: prefix,
        DATABASE_URL: world.databaseUrl,
        WAREHOUSE_SCHEMA: schema,
        SINK_GROUP_ID: groupId,
        HTTP_PORT: String(await freePort()),
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
      }),
      ...(cpuProfileDir ? { cpuProfileDir } : {}),
    });
    const running = sink;
    await waitUntil(
      async () => {
        if (!running.running) throw new Error(`the sink exited: ${running.stderrTail.slice(-3).join(' | ')}`);
        return (await committedCount(world.admin, groupId, topics.plays.name)) >= series.count;
      },
      {
        what: `the sink process committing ${series.count} facts`,
        timeoutMs: RUN_TIMEOUT_MS,
        intervalMs: 100,
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const peakRssBytes = sink.peakRssBytes();
    const cpuSeconds = sink.cpuSeconds();
    const code = await sink.stop();
    const mb = (peakRssBytes / 1_048_576).toFixed(0);
    return {
      measurements: [
        {
          id: 'sink.process-first-load',
          name: 'sink as its own process, defaults, first load',
          rows: series.count,
          seconds,
          peakRssBytes,
          compareWith: 'copy',
          note: `${cpuSeconds.toFixed(1)} CPU s`,
        },
      ],
      checks: [
        {
          name: `sink process peak RSS < ${SINK_RSS_TARGET_BYTES / 1_048_576} MB (defaults, ${series.count} facts at once)`,
          ok: peakRssBytes < SINK_RSS_TARGET_BYTES && code === 0,
          detail: `${mb} MB; exit code ${code}`,
        },
      ],
    };
  } finally {
    await sink?.stop();
    await warehouse.close();
  }
}
