import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openExport, readJsonArray, runImport } from '@spotify-pipeline/importer';
import { loadNormalizerConfig, startNormalizer } from '@spotify-pipeline/normalizer';
import { ensureTopics, topicsFor, waitUntil } from '@spotify-pipeline/runtime';
import { loadSinkConfig, SINK_TABLES, startSink } from '@spotify-pipeline/sink';
import { generateExport } from '@spotify-pipeline/spotify-sim';
import { PostgresWarehouse } from '@spotify-pipeline/warehouse';
import type { BenchWorld } from '../bench-world.ts';
import { committedCount } from '../kafka/group-progress.ts';
import { topicEnd } from '../kafka/topic-end.ts';
import { RssSampler } from '../measure/rss-sampler.ts';
import { type Check, type Measurement, PARSE_ID } from '../report/results.ts';

const RUN_TIMEOUT_MS = 10 * 60_000;
const ACCOUNT = {
  id: 'bench-importer',
  time_zone: 'Europe/Stockholm',
  display_name: null,
  country: 'SE',
} as const;

export interface ImporterSuiteResult {
  readonly measurements: Measurement[];
  readonly checks: Check[];
}

/**
 * A generated data export of `plays` entries (the simulator's realistic mix: 12 % under 30 s,
 * podcasts, offline quirks ...), then: the plain parse of its files (the ceiling); the import
 * alone (export to the raw topic); and the import end to end, export to fact rows, through an
 * in-process normalizer and sink that are already running, timed until the sink has committed
 * every fact.
 */
export async function runImporterSuite(world: BenchWorld, plays: number): Promise<ImporterSuiteResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-import-'));
  try {
    const generated = await generateExport({
      out: path.join(dir, 'my_spotify_data.zip'),
      seed: 20_260_101,
      plays,
      years: 4,
    });
    const measurements: Measurement[] = [];

    // The ceiling: open the zip and parse every history file's JSON array, doing nothing else.
    let entries = 0;
    let started = performance.now();
    const opened = await openExport([generated.out]);
    try {
      for (const file of opened.files) for await (const _ of readJsonArray(await file.open())) entries += 1;
    } finally {
      opened.close();
    }
    measurements.push({
      id: PARSE_ID,
      name: 'baseline: plain parse of the export (zip + JSON)',
      rows: entries,
      seconds: (performance.now() - started) / 1000,
      compareWith: 'parse',
    });

    const prefix = world.prefix('import');
    const topics = topicsFor(prefix);
    await ensureTopics(world.admin, Object.values(topics));
    const warehouse = new PostgresWarehouse({
      connectionString: world.databaseUrl,
      schema: world.schema('import'),
    });
    const normalizerGroup = world.groupId('import-normalizer');
    const sinkGroup = world.groupId('import-sink');
    try {
      await warehouse.migrate();
      const normalizer = await startNormalizer(
        loadNormalizerConfig({
          KAFKA_BROKERS: world.brokers.join(','),
          TOPIC_PREFIX: prefix,
          NORMALIZER_GROUP_ID: normalizerGroup,
          HTTP_PORT: '0',
          LOG_LEVEL: 'warn',
        }),
        { logger: world.logger },
      );
      try {
        const sink = await startSink(
          loadSinkConfig({
            KAFKA_BROKERS: world.brokers.join(','),
            DATABASE_URL: world.databaseUrl,
            WAREHOUSE_SCHEMA: warehouse.schema,
            TOPIC_PREFIX: prefix,
            SINK_GROUP_ID: sinkGroup,
            HTTP_PORT: '0',
            LOG_LEVEL: 'warn',
          }),
          { logger: world.logger, warehouse },
        );
        try {
          const sampler = new RssSampler().start();
          started = performance.now();
          const summary = await runImport({
            paths: [generated.out],
            account: ACCOUNT,
            kafka: world.kafka,
            topic: topics.rawPlays.name,
            stateDir: path.join(dir, 'state'),
            fresh: true,
            logger: world.logger,
          });
          const importSeconds = (performance.now() - started) / 1000;
          measurements.push({
            id: 'import.publish',
            name: 'importer alone: export to raw topic',
            rows: summary.counts.read,
            seconds: importSeconds,
            compareWith: 'parse',
            note: `${summary.counts.published.toLocaleString('en-US')} published`,
          });
          const raw = await topicEnd(world.admin, topics.rawPlays.name);
          await waitUntil(
            async () => (await committedCount(world.admin, normalizerGroup, topics.rawPlays.name)) >= raw,
            {
              what: `the normalizer to commit all ${raw} imported raw plays`,
              timeoutMs: RUN_TIMEOUT_MS,
              intervalMs: 100,
            },
          );
          const inputs = SINK_TABLES.map((t) => topics[t.topicId].name);
          const ends = await Promise.all(inputs.map((t) => topicEnd(world.admin, t)));
          await waitUntil(
            async () => {
              const done = await Promise.all(inputs.map((t) => committedCount(world.admin, sinkGroup, t)));
              return done.every((d, i) => d >= ends[i]!);
            },
            {
              what: 'the sink to commit every fact and dimension of the import',
              timeoutMs: RUN_TIMEOUT_MS,
              intervalMs: 100,
            },
          );
          const seconds = (performance.now() - started) / 1000;
          const peakRssBytes = sampler.stop();
          const [row] = await warehouse.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "${warehouse.schema}".fact_play`,
          );
          const dead = await topicEnd(world.admin, topics.deadLetter.name);
          const rows = row?.n ?? 0;
          measurements.push({
            id: 'import.end-to-end',
            name: 'import end to end: export to fact rows',
            rows: summary.counts.read,
            seconds,
            peakRssBytes,
            compareWith: 'parse',
            note: `${rows.toLocaleString('en-US')} fact rows`,
          });
          return {
            measurements,
            checks: [
              {
                name: 'import: every published play is a fact row or a dead letter',
                ok: rows + dead === summary.counts.published && rows > 0,
                detail: `${summary.counts.read} entries read, ${summary.counts.published} published, ${rows} fact rows, ${dead} dead letters`,
              },
            ],
          };
        } finally {
          await sink.stop();
        }
      } finally {
        await normalizer.stop();
      }
    } finally {
      await warehouse.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
